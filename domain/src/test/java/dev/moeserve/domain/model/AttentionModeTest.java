package dev.moeserve.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttentionModeTest {
    private final ModelConfig config = new ConfigBuilder().build(); // 4 heads x (32 + 32) values per key

    @Test
    void decodeAttendsAbsorbedOverTheLatentCache() {
        assertThat(AttentionMode.defaultFor(1, 500, config)).isEqualTo(AttentionMode.ABSORBED);
    }

    @Test
    void prefillExpandsKeysUnlessTheExpansionWouldBeHuge() {
        assertThat(AttentionMode.defaultFor(24, 24, config)).isEqualTo(AttentionMode.NAIVE);
        int keysOver = (int) (AttentionMode.NAIVE_EXPANSION_LIMIT / (4 * 64 * Float.BYTES)) + 1;
        assertThat(AttentionMode.defaultFor(2, keysOver, config)).isEqualTo(AttentionMode.ABSORBED);
    }
}
