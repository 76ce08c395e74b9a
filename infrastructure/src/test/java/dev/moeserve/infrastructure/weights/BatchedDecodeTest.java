package dev.moeserve.infrastructure.weights;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.BatchDecoder;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.moeserve.infrastructure.weights.GoldenSet.TOLERANCE;
import static dev.moeserve.infrastructure.weights.GoldenSet.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batched decode step (several independent sequences, each with its own cache and position, advanced
 * together in one forward pass, the MoE grouping their tokens by expert) against the same sequences decoded
 * one at a time, and against DeepSeek's reference logits.
 */
class BatchedDecodeTest {
    /** Batching changes only the order of fp32 sums. */
    private static final double ROUND_OFF = 2e-5;

    private static CpuBackend backend;
    private static final Map<GoldenSet, LoadedModel> MODELS = new EnumMap<>(GoldenSet.class);

    @BeforeAll
    static void load() {
        backend = new CpuBackend(2);
        for (GoldenSet set : GoldenSet.values()) {
            MODELS.put(set, CheckpointLoader.load(set.directory(), backend));
        }
    }

    @AfterAll
    static void unload() {
        MODELS.values().forEach(LoadedModel::close);
        backend.close();
    }

    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void batchedStepsEqualDecodingEachSequenceAlone(GoldenSet set) {
        Transformer model = MODELS.get(set).transformer();
        GoldenSet.Expected expected = set.expected();
        int vocab = expected.vocab();
        int[] prompt = expected.promptIds();
        int sequences = 6;
        int steps = 5;
        List<InferenceSession> batched = new ArrayList<>();
        List<InferenceSession> alone = new ArrayList<>();
        int[] next = new int[sequences];
        try (BatchDecoder decoder = model.newBatchDecoder()) {
            for (int s = 0; s < sequences; s++) {
                // different prompts of different lengths: the rows sit at different positions
                int length = 1 + s % prompt.length;
                int[] p = new int[length];
                for (int i = 0; i < length; i++) {
                    p[i] = (prompt[(i + s) % prompt.length] + 17 * s) % vocab;
                }
                InferenceSession b = model.newSession(length + steps);
                InferenceSession a = model.newSession(length + steps);
                batched.add(b);
                alone.add(a);
                float[] lb = b.prefill(p);
                a.prefill(p);
                next[s] = argmax(lb);
            }
            for (int step = 0; step < steps; step++) {
                float[][] logits = decoder.step(batched, next);
                for (int s = 0; s < sequences; s++) {
                    float[] single = alone.get(s).decode(next[s]);
                    assertThat(maxAbsDiff(logits[s], 0, single, 0, vocab)).as("%s step %d sequence %d", set, step, s)
                            .isLessThanOrEqualTo(ROUND_OFF);
                    assertThat(batched.get(s).position()).isEqualTo(alone.get(s).position());
                    next[s] = argmax(logits[s]);
                }
            }
        } finally {
            batched.forEach(InferenceSession::close);
            alone.forEach(InferenceSession::close);
        }
    }

    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void aSequenceDecodedInABatchMatchesTheReference(GoldenSet set) {
        Transformer model = MODELS.get(set).transformer();
        GoldenSet.Expected expected = set.expected();
        int[] prompt = expected.promptIds();
        int vocab = expected.vocab();
        try (BatchDecoder decoder = model.newBatchDecoder();
             InferenceSession reference = model.newSession(prompt.length);
             InferenceSession neighbour = model.newSession(prompt.length + 2)) {
            neighbour.prefill(new int[] {prompt[prompt.length - 1], prompt[0]});
            for (int t = 0; t < prompt.length; t++) {
                float[][] logits = decoder.step(List.of(neighbour, reference), new int[] {prompt[t], prompt[t]});
                assertThat(maxAbsDiff(logits[1], 0, expected.decodeLogits(), t, vocab)).as("%s row %d", set, t)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }

    @Test
    void aBatchRefusesASessionTwiceAndAFullSession() {
        Transformer model = MODELS.get(GoldenSet.V3_TINY).transformer();
        try (BatchDecoder decoder = model.newBatchDecoder();
             InferenceSession s = model.newSession(1);
             InferenceSession t = model.newSession(4)) {
            assertThatThrownBy(() -> decoder.step(List.of(t, t), new int[] {1, 2}))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
            decoder.step(List.of(s, t), new int[] {1, 2});
            assertThatThrownBy(() -> decoder.step(List.of(s, t), new int[] {1, 2}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("exceeds");
            assertThat(model.decodeBatch(List.of(t), new int[] {3})[0]).hasSize(model.config().vocabSize());
        }
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
