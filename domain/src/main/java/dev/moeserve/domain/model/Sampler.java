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
        Integer[] order = new Integer[probs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        // keep the most likely tokens until they hold top_p of the mass; always at least one
        double kept = 0;
        int count = 0;
        while (count < order.length && (count == 0 || kept < topP * sum)) {
            kept += probs[order[count]];
            count++;
        }
        return draw(probs, kept, order, count);
    }

    private int draw(double[] probs, double total, Integer[] order, int count) {
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
