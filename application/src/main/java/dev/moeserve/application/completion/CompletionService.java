package dev.moeserve.application.completion;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.in.CompletionCommand;
import dev.moeserve.application.port.in.CompletionObserver;
import dev.moeserve.application.port.in.Prompt;
import dev.moeserve.application.port.in.CompletionResult;
import dev.moeserve.application.port.in.ServeCompletion;
import dev.moeserve.application.port.out.CreditAccounts;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.PriceBook;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.ServedModel;
import dev.moeserve.application.port.out.ServingMetrics;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.application.tenancy.TenantAdmission;
import dev.moeserve.application.engine.EngineSettings;
import dev.moeserve.application.engine.GenerationEngine;
import dev.moeserve.application.engine.SequenceRequest;
import dev.moeserve.application.engine.SequenceResult;
import dev.moeserve.domain.pricing.BillableTokens;
import dev.moeserve.domain.pricing.ChargeCalculator;
import dev.moeserve.domain.pricing.ChargeContext;
import dev.moeserve.domain.pricing.ChargeRounding;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.TenantLimits;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;

import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Serves one chat completion: admit it under the tenant's limits, reserve its maximum cost, run the
 * model, then append exactly one ledger row that settles the reservation at the exact charge. The
 * price applied is the one in force when the request started. A request refused before it runs
 * writes nothing; one that fails after its reservation writes a {@code failed} row costing nothing.
 * What was asked and answered is stored with the row only for tenants that retain request content.
 */
public final class CompletionService implements ServeCompletion, AutoCloseable {

    /** Currency of the zero charge recorded for models that have no price tier. */
    public static final Currency UNPRICED_CURRENCY = Currency.getInstance("USD");
    private static final Logger LOG = Logger.getLogger(CompletionService.class.getName());
    private static final SecureRandom SEEDS = new SecureRandom();

    private final ModelCatalog models;
    private final CompletionRecorder recorder;
    private final TenantDirectory tenants;
    private final TenantAdmission admission;
    private final PriceBook priceBook;
    private final CreditAccounts credits;
    private final ChargeCalculator calculator = new ChargeCalculator();
    private final java.util.Set<String> unpricedModelsWarned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Clock clock;
    private final EngineSettings engineSettings;
    private final ServingMetrics metrics;
    private final Map<String, GenerationEngine> engines = new ConcurrentHashMap<>();

    /**
     * @param contents   where request content is kept for tenants that retain it
     * @param unitOfWork writes a retained request's content and its ledger row in one transaction
     */
    public CompletionService(ModelCatalog models, UsageLedger ledger, TenantDirectory tenants, TenantAdmission admission,
                             PriceBook priceBook, CreditAccounts credits, Clock clock, EngineSettings engineSettings,
                             ServingMetrics metrics, RequestContentStore contents, UnitOfWork unitOfWork) {
        this.engineSettings = engineSettings;
        this.metrics = metrics;
        this.models = models;
        this.recorder = new CompletionRecorder(ledger, tenants, contents, unitOfWork);
        this.tenants = tenants;
        this.admission = admission;
        this.priceBook = priceBook;
        this.credits = credits;
        this.clock = clock;
    }

    @Override
    public CompletionResult serve(CompletionCommand command, CompletionObserver observer) {
        ServedModel model = models.find(command.model())
                .orElseThrow(() -> ApplicationException.modelNotFound(command.model()));
        Instant started = clock.instant();
        String requestId = (command.prompt() instanceof Prompt.Chat ? "chatcmpl-" : "cmpl-")
                + UUID.randomUUID().toString().replace("-", "");

        String rendered = render(model, command.prompt());
        int[] prompt = encode(model, command.prompt(), rendered);
        int context = model.contextLength();
        if (prompt.length >= context) {
            throw ApplicationException.invalidRequest("context_length_exceeded",
                    "This model's maximum context length is " + context + " tokens. However, your messages resulted in "
                            + prompt.length + " tokens. Please reduce the length of the messages.");
        }
        int room = context - prompt.length;
        int maxTokens = command.maxTokens() == null ? room : Math.min(command.maxTokens(), room);

        Caller caller = command.caller();
        TenantLimits limits = tenants.limits(caller.tenantId());
        try (TenantAdmission.Ticket ignored = admission.admit(caller.tenantId(), limits, (long) prompt.length + maxTokens);
             GenerationEngine.Slot slot = engine(model).admit()) {
            Pricing pricing = pricing(model.id(), caller, limits, started);
            pricing.tier().ifPresent(tier -> reserve(caller, requestId, prompt.length, maxTokens, tier, pricing));
            SequenceResult generation;
            FirstTokenClock firstToken = new FirstTokenClock(observer, clock);
            try {
                observer.started(requestId, started);
                long seed = command.seed() != null ? command.seed() : SEEDS.nextLong();
                generation = slot.generate(new SequenceRequest(prompt, maxTokens, command.temperature(), command.topP(), seed,
                        command.ignoreEos() ? OptionalInt.empty() : model.codec().endOfSequenceId(), command.stop(), firstToken,
                        caller.tenantId().toString()));
            } catch (RuntimeException e) {
                if (pricing.tier().isPresent()) {
                    // release the reservation; a request that produced nothing costs nothing
                    recorder.failed(new UsageRecord(requestId, caller.tenantId(), caller.apiKeyId(), model.id(),
                            model.backend(), new TokenCounts(prompt.length, 0, 0), UsageStatus.FAILED, started,
                            clock.instant(), ChargeSummary.unpriced(pricing.tier().get().currency())));
                }
                throw e;
            }
            TokenCounts usage = new TokenCounts(prompt.length, generation.cachedPromptTokens(), generation.tokens());
            ChargeSummary charge = pricing.tier()
                    .map(tier -> ChargeSummary.of(calculator.charge(billable(usage), tier, pricing.promotions(), pricing.context())))
                    .orElseGet(() -> ChargeSummary.unpriced(UNPRICED_CURRENCY));
            recorder.finished(new UsageRecord(requestId, caller.tenantId(), caller.apiKeyId(), model.id(), model.backend(),
                    usage, generation.status(), started, clock.instant(), charge),
                    new CompletionRecorder.Exchange(messages(command.prompt()), rendered, generation.text()));
            metrics.completed(model.id(), model.backend(), usage, firstToken.since(started));
            return new CompletionResult(requestId, model.id(), generation.text(), generation.finishReason(), usage,
                    generation.status(), started);
        }
    }

    /** The prompt as the model sees it: the chat template's rendering, or the text (with its fill-in-the-middle tokens). */
    private static String render(ServedModel model, Prompt prompt) {
        return switch (prompt) {
            case Prompt.Chat chat -> model.codec().renderChat(chat.messages());
            case Prompt.Text text when text.suffix().isPresent() -> model.codec().fillInTheMiddle(text.prompt(), text.suffix().get())
                    .orElseThrow(() -> ApplicationException.invalidRequest("unsupported_parameter", "The model `" + model.id()
                            + "` does not support 'suffix' (its tokenizer has no fill-in-the-middle tokens)."));
            case Prompt.Text text -> text.prompt();
        };
    }

    /** A rendered chat already holds its special tokens; a raw prompt gets those the tokenizer adds (BOS). */
    private static int[] encode(ServedModel model, Prompt prompt, String rendered) {
        return prompt instanceof Prompt.Chat ? model.codec().encode(rendered) : model.codec().encodePrompt(rendered);
    }

    private static Optional<List<ChatMessage>> messages(Prompt prompt) {
        return prompt instanceof Prompt.Chat chat ? Optional.of(chat.messages()) : Optional.empty();
    }

    private record Pricing(Optional<PriceTier> tier, List<Promotion> promotions, ChargeContext context) {
    }

    private Pricing pricing(String modelId, Caller caller, TenantLimits limits, Instant started) {
        Optional<PriceTier> tier = priceBook.tierInForce(modelId, started);
        ChargeContext context = ChargeContext.of(modelId, caller.tenantId().toString(), started);
        if (limits.plan().isPresent()) {
            context = context.onPlan(limits.plan().get());
        }
        if (tier.isEmpty()) {
            if (unpricedModelsWarned.add(modelId)) {
                LOG.warning(() -> "model " + modelId + " has no price tier: its requests are served at zero charge");
            }
            return new Pricing(tier, List.of(), context);
        }
        return new Pricing(tier, priceBook.promotionsAt(started), context);
    }

    private void reserve(Caller caller, String requestId, int promptTokens, int maxTokens, PriceTier tier, Pricing pricing) {
        // rounded up to the ledger's precision so the settled (rounded) charge can never exceed it
        Money maximum = calculator.maximumCost(promptTokens, maxTokens, tier, pricing.promotions(), pricing.context())
                .rounded(ChargeRounding.SCALE, RoundingMode.CEILING);
        if (!credits.reserve(caller.tenantId(), requestId, maximum)) {
            throw ApplicationException.insufficientBalance("Insufficient Balance: this request may cost up to "
                    + maximum + " (prompt of " + promptTokens + " tokens plus max_tokens " + maxTokens
                    + "), more than the available credit. Top up, or lower max_tokens.");
        }
    }

    private static BillableTokens billable(TokenCounts usage) {
        return BillableTokens.of(usage.promptCacheHitTokens(), usage.promptCacheMissTokens(), usage.completionTokens());
    }

    /** Passes events on, noting when the first text arrived (time to first token). */
    private static final class FirstTokenClock implements CompletionObserver {
        private final CompletionObserver delegate;
        private final Clock clock;
        private volatile Instant first;

        FirstTokenClock(CompletionObserver delegate, Clock clock) {
            this.delegate = delegate;
            this.clock = clock;
        }

        @Override
        public void text(String delta) {
            if (first == null) {
                first = clock.instant();
            }
            delegate.text(delta);
        }

        @Override
        public boolean cancelled() {
            return delegate.cancelled();
        }

        Optional<java.time.Duration> since(Instant start) {
            return Optional.ofNullable(first).map(f -> java.time.Duration.between(start, f));
        }
    }

    /** The engine that batches this model's sequences, started on its first request. */
    private GenerationEngine engine(ServedModel model) {
        return engines.computeIfAbsent(model.id(), id -> {
            GenerationEngine engine = new GenerationEngine(model, engineSettings);
            metrics.engineStarted(model.id(), model.backend(), engine::queueDepth, engine::activeSequences);
            return engine;
        });
    }

    /** Engines by model id, for metrics. */
    public Map<String, GenerationEngine> engines() {
        return Map.copyOf(engines);
    }

    /** Stops every engine; requests still running fail. */
    public void close() {
        engines.values().forEach(GenerationEngine::close);
    }
}
