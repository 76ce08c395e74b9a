package dev.moeserve.infrastructure.weights;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.AttentionMode;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Sampler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static dev.moeserve.infrastructure.weights.GoldenSet.TOLERANCE;
import static dev.moeserve.infrastructure.weights.GoldenSet.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole model against DeepSeek's reference implementation, for every fixture set, with both MLA
 * implementations, in prefill (one pass over the prompt) and in decode (one token at a time through the
 * latent cache): every logits row within the README's tolerance and the greedy continuation identical.
 */
class GoldenModelTest {
    private static CpuBackend backend;
    private static final Map<GoldenSet, LoadedModel> MODELS = new EnumMap<>(GoldenSet.class);
    private static final Map<GoldenSet, GoldenSet.Expected> EXPECTED = new EnumMap<>(GoldenSet.class);

    @BeforeAll
    static void load() {
        backend = new CpuBackend(2);
        for (GoldenSet set : GoldenSet.values()) {
            MODELS.put(set, CheckpointLoader.load(set.directory(), backend));
            EXPECTED.put(set, set.expected());
        }
    }

    @AfterAll
    static void unload() {
        MODELS.values().forEach(LoadedModel::close);
        backend.close();
    }

    static Stream<Arguments> setsAndModes() {
        return Stream.of(GoldenSet.values())
                .flatMap(set -> Stream.of(AttentionMode.values()).map(mode -> Arguments.of(set, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setsAndModes")
    void prefillOverThePromptMatchesTheReferenceAtEveryPosition(GoldenSet set, AttentionMode mode) {
        GoldenSet.Expected expected = EXPECTED.get(set);
        int tokens = expected.promptIds().length;
        int vocab = expected.vocab();
        float[] logits;
        try (InferenceSession session = MODELS.get(set).transformer().newSession(tokens, mode)) {
            logits = session.prefillAllPositions(expected.promptIds());
        }
        double worst = 0;
        for (int t = 0; t < tokens; t++) {
            double diff = maxAbsDiff(logits, t, expected.prefillLogits(), t, vocab);
            assertThat(diff).as("%s %s prefill row %d", set, mode, t).isLessThanOrEqualTo(TOLERANCE);
            worst = Math.max(worst, diff);
        }
        double last = maxAbsDiff(logits, tokens - 1, expected.prefillLogitsLast(), 0, vocab);
        assertThat(last).as("%s %s prefill_logits_last", set, mode).isLessThanOrEqualTo(TOLERANCE);
        report(set, mode, "prefill", Math.max(worst, last));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setsAndModes")
    void decodingOneTokenAtATimeMatchesTheReference(GoldenSet set, AttentionMode mode) {
        GoldenSet.Expected expected = EXPECTED.get(set);
        int tokens = expected.promptIds().length;
        int vocab = expected.vocab();
        double worst = 0;
        try (InferenceSession session = MODELS.get(set).transformer().newSession(tokens, mode)) {
            for (int t = 0; t < tokens; t++) {
                float[] logits = session.decode(expected.promptIds()[t]);
                double diff = maxAbsDiff(logits, 0, expected.decodeLogits(), t, vocab);
                assertThat(diff).as("%s %s decode row %d", set, mode, t).isLessThanOrEqualTo(TOLERANCE);
                worst = Math.max(worst, diff);
            }
            assertThat(session.position()).isEqualTo(tokens);
        }
        report(set, mode, "decode", worst);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("setsAndModes")
    void greedyContinuationIsIdenticalToTheReference(GoldenSet set, AttentionMode mode) {
        GoldenSet.Expected expected = EXPECTED.get(set);
        int steps = expected.greedyIds().length;
        int vocab = expected.vocab();
        int[] ids = new int[steps];
        double worst = 0;
        try (InferenceSession session = MODELS.get(set).transformer()
                .newSession(expected.promptIds().length + steps, mode)) {
            float[] logits = session.prefill(expected.promptIds());
            for (int i = 0; i < steps; i++) {
                double diff = maxAbsDiff(logits, 0, expected.greedyLogits(), i, vocab);
                assertThat(diff).as("%s %s greedy row %d", set, mode, i).isLessThanOrEqualTo(TOLERANCE);
                worst = Math.max(worst, diff);
                ids[i] = Sampler.argmax(logits);
                if (i + 1 < steps) {
                    logits = session.decode(ids[i]);
                }
            }
        }
        assertThat(ids).as("%s %s greedy ids", set, mode).containsExactly(expected.greedyIds());
        report(set, mode, "greedy", worst);
    }

    private static void report(GoldenSet set, AttentionMode mode, String what, double worst) {
        System.out.printf(Locale.ROOT, "golden %-13s %-8s %-8s max|dlogit| = %.3e%n", set, mode, what, worst);
    }
}
