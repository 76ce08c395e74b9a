package dev.moeserve.domain.model;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RotaryTablesTest {
    // v3-tiny: rope dim 32, theta 1e4, yarn factor 40 over an original 16 positions, beta 32/1
    private static final YarnScaling V3_TINY_YARN = new YarnScaling(40, 16, 32, 1, 1.0, 1.0);

    @Test
    void yarnCorrectionRangeOfV3TinyIsZeroToTwo() {
        assertThat(RotaryTables.correctionRange(32, 1, 32, 10000, 16)).containsExactly(0, 2);
    }

    @Test
    void anEmptyCorrectionRangeIsWidenedSoTheRampIsDefined() {
        double[] range = RotaryTables.correctionRange(32, 1, 32, 10000, 4);
        assertThat(range[1] - range[0]).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void yarnKeepsHighFrequenciesAndDividesLowOnesByTheFactor() {
        float[] plain = RotaryTables.of(32, 10000, Optional.empty(), 64).inverseFrequencies();
        float[] yarn = RotaryTables.of(32, 10000, Optional.of(V3_TINY_YARN), 64).inverseFrequencies();
        assertThat(yarn[0]).isEqualTo(plain[0]);                              // ramp 0
        assertThat(yarn[1]).isCloseTo(plain[1] * (0.5f / 40 + 0.5f), within(1e-7f)); // ramp 0.5
        for (int i = 2; i < 16; i++) {
            assertThat(yarn[i]).isCloseTo(plain[i] / 40, within(plain[i] * 1e-6f)); // ramp 1
        }
        for (int i = 0; i < 16; i++) {
            assertThat((double) plain[i]).isCloseTo(Math.pow(10000, -2.0 * i / 32), within(1e-7));
        }
    }

    @Test
    void yarnMultipliesTheAttentionScaleByTheSquaredMagnitudeCorrection() {
        double m = 0.1 * Math.log(40) + 1; // 1.36889
        assertThat(m).isCloseTo(1.36889, within(1e-5));
        assertThat((double) RotaryTables.of(32, 10000, Optional.of(V3_TINY_YARN), 64).attentionScale())
                .isCloseTo(m * m / 8, within(1e-6));
        assertThat(RotaryTables.of(32, 10000, Optional.empty(), 64).attentionScale()).isEqualTo(0.125f);
        YarnScaling noAllDim = new YarnScaling(40, 16, 32, 1, 1.0, 0);
        assertThat(RotaryTables.of(32, 10000, Optional.of(noAllDim), 64).attentionScale()).isEqualTo(0.125f);
    }

    @Test
    void theTableHoldsCosAndSinOfPositionTimesFrequencyInterleaved() {
        RotaryTables rope = RotaryTables.of(8, 10000, Optional.empty(), 24);
        float[] table = rope.table(30);
        float[] f = rope.inverseFrequencies();
        for (int p : new int[] {0, 1, 29}) {
            for (int i = 0; i < 4; i++) {
                assertThat(table[p * 8 + 2 * i]).isCloseTo((float) Math.cos(p * f[i]), within(1e-6f));
                assertThat(table[p * 8 + 2 * i + 1]).isCloseTo((float) Math.sin(p * f[i]), within(1e-6f));
            }
        }
    }
}
