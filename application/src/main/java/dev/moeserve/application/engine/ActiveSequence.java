package dev.moeserve.application.engine;

import dev.moeserve.application.completion.IncrementalDecoder;
import dev.moeserve.application.completion.StopSequences;
import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.application.port.out.TextCodec;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Sampler;
import dev.moeserve.domain.usage.UsageStatus;

import java.util.concurrent.CompletableFuture;

/** A sequence being generated: its session (latent cache), sampler, text so far and stop state. */
final class ActiveSequence {
    final SequenceRequest request;
    final CompletableFuture<SequenceResult> result;
    final InferenceSession session;
    private final Sampler sampler;
    private final IncrementalDecoder decoder;
    private final StopSequences stops;
    private final StringBuilder text = new StringBuilder();
    private int tokens;
    /** The logits the next token is sampled from. */
    float[] logits;
    /** Prompt tokens restored from the prefix cache. */
    int cachedPromptTokens;

    ActiveSequence(SequenceRequest request, CompletableFuture<SequenceResult> result, InferenceSession session, TextCodec codec) {
        this.request = request;
        this.result = result;
        this.session = session;
        this.sampler = new Sampler(request.temperature(), request.topP(), request.seed());
        this.decoder = new IncrementalDecoder(codec);
        this.stops = new StopSequences(request.stop());
    }

    /**
     * Samples the next token and takes it. Returns the token to feed to the model next, or -1 when the
     * sequence is finished (its result is then complete).
     */
    int advance() {
        if (request.observer().cancelled()) {
            return finish(FinishReason.STOP, UsageStatus.CANCELLED);
        }
        int next = sampler.sample(logits);
        if (request.endOfSequence().isPresent() && next == request.endOfSequence().getAsInt()) {
            return finish(FinishReason.STOP, UsageStatus.COMPLETED);
        }
        tokens++;
        emit(stops.accept(decoder.next(next)));
        if (stops.stopped()) {
            return finish(FinishReason.STOP, UsageStatus.COMPLETED);
        }
        if (tokens >= request.maxTokens()) {
            return finish(FinishReason.LENGTH, UsageStatus.COMPLETED);
        }
        return next;
    }

    private int finish(FinishReason reason, UsageStatus status) {
        if (!stops.stopped()) {
            emit(stops.accept(decoder.finish()));
            emit(stops.flush());
        }
        session.close();
        result.complete(new SequenceResult(text.toString(), tokens, reason, status, cachedPromptTokens));
        return -1;
    }

    void fail(Throwable error) {
        session.close();
        result.completeExceptionally(error);
    }

    private void emit(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            request.observer().text(piece);
        }
    }
}
