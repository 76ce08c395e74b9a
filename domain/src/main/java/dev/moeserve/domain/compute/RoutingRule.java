package dev.moeserve.domain.compute;

import java.util.Objects;

/**
 * The mixture-of-experts routing rule, and its scalar definition ({@link #select}) that every
 * backend's {@code route} op must reproduce.
 *
 * <p>Scores are {@code softmax} or {@code sigmoid} of the gate logits. Selection uses the scores plus
 * the correction bias (only with {@link TopKMethod#NOAUX_TC}); with groups, only experts in the best
 * {@code topKGroup} groups may be chosen. The weights are the unbiased scores of the chosen experts,
 * renormalized to sum 1 when {@code normalize}, then multiplied by {@code scale}.
 *
 * @param scoring   softmax or sigmoid
 * @param method    greedy, group-limited greedy, or noaux_tc
 * @param topK      experts per token ({@code num_experts_per_tok})
 * @param experts   routed experts ({@code n_routed_experts})
 * @param groups    expert groups of consecutive experts ({@code n_group})
 * @param topKGroup groups kept per token ({@code topk_group})
 * @param normalize renormalize the chosen weights to sum 1 ({@code norm_topk_prob})
 * @param scale     factor applied to the routed weights ({@code routed_scaling_factor})
 */
public record RoutingRule(ScoringFunction scoring, TopKMethod method, int topK, int experts, int groups,
                          int topKGroup, boolean normalize, float scale) {

    public RoutingRule {
        Objects.requireNonNull(scoring, "scoring");
        Objects.requireNonNull(method, "method");
        if (experts <= 0 || topK <= 0 || topK > experts) {
            throw new IllegalArgumentException("need 0 < topK <= experts, got topK " + topK + ", experts " + experts);
        }
        if (groups <= 0 || experts % groups != 0) {
            throw new IllegalArgumentException("experts (" + experts + ") must split evenly into groups (" + groups + ")");
        }
        if (usesGroups(method, groups)) {
            if (topKGroup <= 0 || topKGroup > groups) {
                throw new IllegalArgumentException("need 0 < topKGroup <= groups, got " + topKGroup + " of " + groups);
            }
            if (topK > topKGroup * (experts / groups)) {
                throw new IllegalArgumentException("topK " + topK + " exceeds the experts in " + topKGroup + " groups");
            }
            if (method == TopKMethod.NOAUX_TC && experts / groups < 2) {
                throw new IllegalArgumentException("noaux_tc scores a group by its two best experts; groups of "
                        + experts / groups + " are too small");
            }
        }
        if (!(scale > 0) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be positive and finite, got " + scale);
        }
    }

    private static boolean usesGroups(TopKMethod method, int groups) {
        return method != TopKMethod.GREEDY && groups > 1;
    }

    /** Whether selection reads the correction bias. */
    public boolean usesBias() {
        return method == TopKMethod.NOAUX_TC;
    }

    /**
     * Routes one token.
     *
     * @param logits     [experts] gate logits of the token, read from {@code logitsOffset}
     * @param bias       [experts] correction bias, required when {@link #usesBias()}, ignored otherwise
     * @param weightsOut [topK] routing weights, written at {@code outOffset}
     * @param idsOut     [topK] chosen experts, best first, written at {@code outOffset}
     */
    public void select(float[] logits, int logitsOffset, float[] bias, float[] weightsOut, int[] idsOut, int outOffset) {
        if (usesBias() && bias == null) {
            throw new IllegalArgumentException(method.configName() + " needs the correction bias");
        }
        float[] scores = new float[experts];
        if (scoring == ScoringFunction.SOFTMAX) {
            float max = Float.NEGATIVE_INFINITY;
            for (int e = 0; e < experts; e++) {
                max = Math.max(max, logits[logitsOffset + e]);
            }
            double sum = 0;
            for (int e = 0; e < experts; e++) {
                scores[e] = (float) Math.exp(logits[logitsOffset + e] - max);
                sum += scores[e];
            }
            for (int e = 0; e < experts; e++) {
                scores[e] = (float) (scores[e] / sum);
            }
        } else {
            for (int e = 0; e < experts; e++) {
                scores[e] = (float) (1.0 / (1.0 + Math.exp(-logits[logitsOffset + e])));
            }
        }

        // the bias steers which experts are chosen, never how much they weigh
        float[] choice = scores.clone();
        if (usesBias()) {
            for (int e = 0; e < experts; e++) {
                choice[e] += bias[e];
            }
        }
        if (usesGroups(method, groups)) {
            maskDroppedGroups(choice);
        }

        int[] chosen = topIndices(choice, topK);
        double sum = 0;
        for (int j = 0; j < topK; j++) {
            sum += scores[chosen[j]];
        }
        for (int j = 0; j < topK; j++) {
            float w = scores[chosen[j]];
            if (normalize) {
                w = (float) (w / sum);
            }
            weightsOut[outOffset + j] = w * scale;
            idsOut[outOffset + j] = chosen[j];
        }
    }

    private void maskDroppedGroups(float[] choice) {
        int perGroup = experts / groups;
        float[] groupScore = new float[groups];
        for (int g = 0; g < groups; g++) {
            int from = g * perGroup;
            if (method == TopKMethod.NOAUX_TC) {
                float best = Float.NEGATIVE_INFINITY;
                float second = Float.NEGATIVE_INFINITY;
                for (int e = from; e < from + perGroup; e++) {
                    if (choice[e] > best) {
                        second = best;
                        best = choice[e];
                    } else if (choice[e] > second) {
                        second = choice[e];
                    }
                }
                groupScore[g] = best + second;
            } else {
                float best = Float.NEGATIVE_INFINITY;
                for (int e = from; e < from + perGroup; e++) {
                    best = Math.max(best, choice[e]);
                }
                groupScore[g] = best;
            }
        }
        boolean[] kept = new boolean[groups];
        for (int g : topIndices(groupScore, topKGroup)) {
            kept[g] = true;
        }
        for (int g = 0; g < groups; g++) {
            if (!kept[g]) {
                for (int e = g * perGroup; e < (g + 1) * perGroup; e++) {
                    choice[e] = Float.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** Indices of the {@code k} largest values, largest first; ties go to the lower index. */
    static int[] topIndices(float[] values, int k) {
        int[] best = new int[k];
        boolean[] taken = new boolean[values.length];
        for (int j = 0; j < k; j++) {
            int arg = -1;
            for (int i = 0; i < values.length; i++) {
                if (!taken[i] && (arg < 0 || values[i] > values[arg])) {
                    arg = i;
                }
            }
            taken[arg] = true;
            best[j] = arg;
        }
        return best;
    }
}
