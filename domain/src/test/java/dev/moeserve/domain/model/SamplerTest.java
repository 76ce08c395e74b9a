package dev.moeserve.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 3f, -1f};

    @Test
    void temperatureZeroIsArgmaxTakingTheFirstOnTies() {
        assertThat(new Sampler(0, 0.5, 7).sample(LOGITS)).isEqualTo(1);
        assertThat(Sampler.greedy().sample(LOGITS)).isEqualTo(1);
    }

    @Test
    void theSameSeedDrawsTheSameTokens() {
        Sampler a = new Sampler(1.0, 1.0, 123);
        Sampler b = new Sampler(1.0, 1.0, 123);
        for (int i = 0; i < 50; i++) {
            assertThat(a.sample(LOGITS)).isEqualTo(b.sample(LOGITS));
        }
    }

    @Test
    void drawsFollowTheSoftmaxOfTheTemperedLogits() {
        Sampler sampler = new Sampler(2.0, 1.0, 99);
        int[] counts = new int[LOGITS.length];
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        double z = 0;
        for (float l : LOGITS) {
            z += Math.exp(l / 2.0);
        }
        for (int i = 0; i < LOGITS.length; i++) {
            assertThat(counts[i] / (double) draws).isCloseTo(Math.exp(LOGITS[i] / 2.0) / z, within(0.01));
        }
    }

    @Test
    void topPKeepsOnlyTheMostLikelyTokensHoldingThatMass() {
        Sampler sampler = new Sampler(1.0, 0.5, 5);
        for (int i = 0; i < 200; i++) {
            // tokens 1 and 3 hold about 0.73 of the mass; together they are the nucleus for 0.5
            assertThat(sampler.sample(LOGITS)).isIn(1, 3);
        }
        Sampler tiny = new Sampler(1.0, 1e-9, 5);
        assertThat(tiny.sample(LOGITS)).isEqualTo(1);
    }

    @Test
    void rejectsMeaninglessSettings() {
        assertThatThrownBy(() -> new Sampler(-0.1, 1, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Sampler(1, 0, 0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new Sampler(1, 1.5, 0)).hasMessageContaining("top_p");
    }
}
