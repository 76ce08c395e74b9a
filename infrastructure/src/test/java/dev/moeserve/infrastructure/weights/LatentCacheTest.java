package dev.moeserve.infrastructure.weights;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.LatentCache;
import dev.moeserve.domain.model.ModelConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The MLA cache holds only the latent and the shared rotary key per token and layer. */
class LatentCacheTest {

    @Test
    void holdsKvLoraRankPlusRopeDimValuesPerTokenPerLayer() {
        for (GoldenSet set : GoldenSet.values()) {
            ModelConfig c = ModelConfigReader.read(set.directory().resolve("config.json"));
            long formula = (long) c.numHiddenLayers() * (c.kvLoraRank() + c.qkRopeHeadDim()) * Float.BYTES;
            try (CpuBackend backend = new CpuBackend(1); LatentCache cache = new LatentCache(backend, c, 1000)) {
                assertThat(cache.bytesPerToken()).as(set.toString()).isEqualTo(formula);
                assertThat(LatentCache.bytesPerToken(c)).isEqualTo(formula);
            }
        }
    }

    @Test
    void isAbout71TimesSmallerThanFullKeysAndValuesForDeepSeekV3() {
        // 61 layers x (512 + 64) values vs 61 layers x 128 heads x (192 + 128) values
        long latent = 61L * (512 + 64) * 4;
        long full = 61L * 128 * (192 + 128) * 4;
        assertThat(latent).isEqualTo(140_544);
        assertThat(full).isEqualTo(9_994_240);
        assertThat((double) full / latent).isBetween(71.1, 71.2);
    }

    @Test
    void growsOnDemandUpToItsMaximum() {
        ModelConfig c = ModelConfigReader.read(GoldenSet.V3_TINY.directory().resolve("config.json"));
        try (CpuBackend backend = new CpuBackend(1); LatentCache cache = new LatentCache(backend, c, 600)) {
            assertThat(cache.capacity()).isEqualTo(256);
            assertThat(cache.maxTokens()).isEqualTo(600);
        }
    }
}
