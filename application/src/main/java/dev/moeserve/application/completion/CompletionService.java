package dev.moeserve.application.completion;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.CompletionCommand;
import dev.moeserve.application.port.in.CompletionResult;
import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.application.port.in.ServeCompletion;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.ServedModel;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Sampler;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * Serves one chat completion: render the chat, tokenize, prefill, decode until a stop, then
 * append exactly one usage row. A request refused before generation writes nothing.
 */
public final class CompletionService implements ServeCompletion {

    private static final SecureRandom SEEDS = new SecureRandom();

    private final ModelCatalog models;
    private final UsageLedger ledger;
    private final Clock clock;

    public CompletionService(ModelCatalog models, UsageLedger ledger, Clock clock) {
        this.models = models;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public CompletionResult serve(CompletionCommand command) {
        ServedModel model = models.find(command.model())
                .orElseThrow(() -> ApplicationException.modelNotFound(command.model()));
        Instant started = clock.instant();
        String requestId = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");

        int[] prompt = model.codec().encode(model.codec().renderChat(command.messages()));
        int context = model.contextLength();
        if (prompt.length >= context) {
            throw ApplicationException.invalidRequest("context_length_exceeded",
                    "This model's maximum context length is " + context + " tokens. However, your messages resulted in "
                            + prompt.length + " tokens. Please reduce the length of the messages.");
        }
        int room = context - prompt.length;
        int maxTokens = command.maxTokens() == null ? room : Math.min(command.maxTokens(), room);

        long seed = command.seed() != null ? command.seed() : SEEDS.nextLong();
        Sampler sampler = new Sampler(command.temperature(), command.topP(), seed);
        OptionalInt eos = model.codec().endOfSequenceId();

        int[] generated = new int[maxTokens];
        int count = 0;
        FinishReason finish = FinishReason.LENGTH;
        try (InferenceSession session = model.transformer().newSession(prompt.length + maxTokens)) {
            float[] logits = session.prefill(prompt);
            while (count < maxTokens) {
                int next = sampler.sample(logits);
                if (eos.isPresent() && next == eos.getAsInt()) {
                    finish = FinishReason.STOP;
                    break;
                }
                generated[count++] = next;
                if (count < maxTokens) {
                    logits = session.decode(next);
                }
            }
        }
        int[] completion = Arrays.copyOf(generated, count);
        String text = model.codec().decode(completion);
        TokenCounts usage = new TokenCounts(prompt.length, 0, count);
        Instant finished = clock.instant();
        ledger.append(new UsageRecord(requestId, command.caller().tenantId(), command.caller().apiKeyId(),
                model.id(), model.backend(), usage, UsageStatus.COMPLETED, started, finished));
        return new CompletionResult(requestId, model.id(), text, finish, usage, started);
    }
}
