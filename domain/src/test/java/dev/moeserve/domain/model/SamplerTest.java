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
    void theNucleusOfALargeVocabularyIsTheSortedPrefixHoldingTopP() {
        java.util.Random random = new java.util.Random(11);
        for (double[] setting : new double[][] {{1.0, 0.1}, {0.7, 0.5}, {1.0, 0.9}, {3.0, 0.95}}) {
            float[] logits = new float[5000];
            for (int i = 0; i < logits.length; i++) {
                // a few peaked tokens over a long flat tail, with exact ties among them
                logits[i] = i % 97 == 0 ? 8f : (float) Math.round(random.nextGaussian() * 4) / 2f;
            }
            java.util.Set<Integer> nucleus = referenceNucleus(logits, setting[0], setting[1]);
            Sampler sampler = new Sampler(setting[0], setting[1], 3);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int draw = 0; draw < 3000; draw++) {
                int token = sampler.sample(logits);
                assertThat(nucleus).as("T=%s top_p=%s", setting[0], setting[1]).contains(token);
                seen.add(token);
            }
            // a small nucleus is drawn from entirely (every member is likely enough to show up in 3000 draws)
            if (nucleus.size() <= 60) {
                assertThat(seen).isEqualTo(nucleus);
            }
        }
    }

    /** Sorts the whole vocabulary by probability (ties by index) and keeps the prefix holding top_p of the mass. */
    private static java.util.Set<Integer> referenceNucleus(float[] logits, double temperature, double topP) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[p.length];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        double mass = 0;
        for (int j = 0; j < order.length && (j == 0 || mass < topP * sum); j++) {
            mass += p[order[j]];
            kept.add(order[j]);
        }
        return kept;
    }

    @Test
    void rejectsMeaninglessSettings() {
        assertThatThrownBy(() -> new Sampler(-0.1, 1, 0)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new Sampler(1, 0, 0)).hasMessageContaining("top_p");
        assertThatThrownBy(() -> new Sampler(1, 1.5, 0)).hasMessageContaining("top_p");
    }
}
