package dev.moeserve.infrastructure.weights;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.LatentBlock;
import dev.moeserve.domain.model.Transformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static dev.moeserve.infrastructure.weights.GoldenSet.TOLERANCE;
import static dev.moeserve.infrastructure.weights.GoldenSet.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prefix cache's premise: a session started from another session's exported latent rows, then fed
 * only the rest of the prompt, gives the reference logits, as if it had computed the whole prompt.
 */
class LatentPrefixReuseTest {
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
    void aSessionStartedFromCachedBlocksMatchesTheReference(GoldenSet set) {
        Transformer model = MODELS.get(set).transformer();
        GoldenSet.Expected expected = set.expected();
        int[] prompt = expected.promptIds();
        int split = prompt.length / 2;
        try (InferenceSession first = model.newSession(prompt.length + 4)) {
            first.prefill(prompt);
            // two blocks, as the prefix cache stores fixed-size runs
            try (LatentBlock a = first.exportLatents(0, split / 2);
                 LatentBlock b = first.exportLatents(split / 2, split - split / 2);
                 InferenceSession second = model.newSession(prompt.length + 4)) {
                second.importLatents(List.of(a, b));
                assertThat(second.position()).isEqualTo(split);
                float[] logits = second.prefill(Arrays.copyOfRange(prompt, split, prompt.length));
                assertThat(maxAbsDiff(logits, 0, expected.prefillLogitsLast(), 0, expected.vocab())).isLessThanOrEqualTo(TOLERANCE);
                assertThat(second.position()).isEqualTo(prompt.length);
            }
        }
    }
}
