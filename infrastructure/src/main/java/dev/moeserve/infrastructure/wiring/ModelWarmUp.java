package dev.moeserve.infrastructure.wiring;

import dev.moeserve.domain.model.BatchDecoder;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a model's hot paths once at startup, on throw-away sessions: a short prefill, batched decode steps of
 * two sequences and single-sequence steps. Until HotSpot compiles them, the vector kernels run interpreted
 * about a hundred times slower, so without this the server's first request paid for it (5.5 s against 0.8 s
 * for a 16-token completion on the 4-layer DeepSeek-V2-Lite preset). Nothing of the warm-up stays behind: its
 * sessions are closed and no cache is shared with them.
 */
final class ModelWarmUp {
    /** Tokens of the warm-up prompt: enough for the multi-token tiles and the prefill attention. */
    static final int PROMPT_TOKENS = 16;
    /** Decode steps of each shape (two sequences, then one). */
    static final int STEPS = 4;

    /** What a warm-up ran. */
    record Report(int prefillTokens, int decodeSteps, long nanos) {
    }

    private ModelWarmUp() {
    }

    static Report run(Transformer model) {
        long t0 = System.nanoTime();
        int vocab = model.config().vocabSize();
        int capacity = Math.min(PROMPT_TOKENS + 2 * STEPS, model.config().maxPositionEmbeddings());
        int promptTokens = Math.min(PROMPT_TOKENS, capacity - 2 * STEPS);
        if (promptTokens < 1) {
            return new Report(0, 0, System.nanoTime() - t0); // a context too short to bother
        }
        List<InferenceSession> sessions = new ArrayList<>();
        try (BatchDecoder decoder = model.newBatchDecoder()) {
            for (int s = 0; s < 2; s++) {
                InferenceSession session = model.newSession(capacity);
                sessions.add(session);
                int[] prompt = new int[promptTokens];
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = Math.floorMod(7919 * (i + 1) + 104_729 * s, vocab); // spread over the embedding table
                }
                session.prefill(prompt);
            }
            float[][] logits = new float[2][vocab];
            for (int step = 0; step < STEPS; step++) {
                decoder.step(sessions, new int[] {step % vocab, (step + 1) % vocab}, logits);
            }
            float[][] single = {logits[0]};
            for (int step = 0; step < STEPS; step++) {
                decoder.step(sessions.subList(0, 1), new int[] {(step + 2) % vocab}, single);
            }
        } finally {
            sessions.forEach(InferenceSession::close);
        }
        return new Report(2 * promptTokens, 2 * STEPS, System.nanoTime() - t0);
    }
}
