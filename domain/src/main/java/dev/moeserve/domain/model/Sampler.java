package dev.moeserve.domain.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: greedy argmax at temperature 0, otherwise a draw from
 * {@code softmax(logits / temperature)} restricted to the smallest set of most likely tokens whose
 * probability reaches {@code topP} (nucleus sampling). Seeded, so a seed reproduces its tokens.
 * One sampler per sequence; not thread-safe.
 */
public final class Sampler {
    private final double temperature;
    private final double topP;
    private final SplittableRandom random;

    /**
     * @param temperature 0 for greedy, else > 0
     * @param topP        in (0, 1]; 1 keeps every token
     * @param seed        seeds the draws
     */
    public Sampler(double temperature, double topP, long seed) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    /** The greedy sampler. */
    public static Sampler greedy() {
        return new Sampler(0, 1, 0);
    }

    /** The index of the largest logit; the first one on ties. */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    public int sample(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no logits");
        }
        if (temperature == 0) {
            return argmax(logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] probs = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            probs[i] = Math.exp((logits[i] - max) / temperature);
            sum += probs[i];
        }
        if (topP >= 1) {
            return draw(probs, sum, null, probs.length);
        }
        return drawFromNucleus(probs, topP * sum);
    }

    /**
     * The nucleus is the most likely tokens, taken in order of probability (ties by index), until they hold
     * {@code target}. It is found without sorting the vocabulary: tokens at or above a cut (10^-3 of the most
     * likely one, then 10^-6, ...) are the only candidates once they hold the target, and only they are sorted.
     * The kept tokens are then walked in index order for the draw: any fixed order gives the same distribution.
     */
    private int drawFromNucleus(double[] probs, double target) {
        // probs are exp(logit - max), so the most likely token's is exactly 1
        for (double cut = 1e-3; ; cut *= 1e-3) {
            boolean everything = cut < Double.MIN_NORMAL;
            int candidates = 0;
            for (double p : probs) {
                if (everything || p >= cut) {
                    candidates++;
                }
            }
            double[] values = new double[candidates];
            int v = 0;
            for (double p : probs) {
                if (everything || p >= cut) {
                    values[v++] = p;
                }
            }
            Arrays.sort(values);
            double kept = 0;
            int count = 0;
            for (int j = values.length - 1; j >= 0 && (count == 0 || kept < target); j--) {
                kept += values[j];
                count++;
            }
            if (kept < target && !everything) {
                continue; // the candidates do not hold the target: lower the cut
            }
            double smallest = values[values.length - count];
            int equalKept = 0;
            for (int j = values.length - count; j < values.length && values[j] == smallest; j++) {
                equalKept++;
            }
            int[] nucleus = new int[count];
            int n = 0;
            for (int i = 0; i < probs.length; i++) {
                if (probs[i] > smallest || (probs[i] == smallest && equalKept-- > 0)) {
                    nucleus[n++] = i;
                }
            }
            return draw(probs, kept, nucleus, n);
        }
    }

    private int draw(double[] probs, double total, int[] order, int count) {
        double u = random.nextDouble() * total;
        double cumulative = 0;
        for (int j = 0; j < count; j++) {
            int i = order == null ? j : order[j];
            cumulative += probs[i];
            if (u < cumulative) {
                return i;
            }
        }
        return order == null ? count - 1 : order[count - 1];
    }
}
