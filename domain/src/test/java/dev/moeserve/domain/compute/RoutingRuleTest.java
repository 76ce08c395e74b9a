package dev.moeserve.domain.compute;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RoutingRuleTest {

    private static float logit(double p) {
        return (float) Math.log(p / (1 - p)); // sigmoid(logit(p)) == p
    }

    @Test
    void noauxTcSelectsByBiasedScoreButWeighsByTheUnbiasedOne() {
        RoutingRule rule = new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 2, 4, 1, 1, true, 2.5f);
        float[] logits = {logit(0.9), logit(0.8), logit(0.7), logit(0.1)};
        float[] bias = {0f, 0f, 0f, 1f}; // lifts expert 3 (0.1 + 1.0) above all others for selection
        float[] w = new float[2];
        int[] ids = new int[2];
        rule.select(logits, 0, bias, w, ids, 0);
        assertThat(ids).containsExactly(3, 0);
        // weights from the unbiased scores 0.1 and 0.9, renormalized, times the scaling factor
        assertThat(w[0]).isCloseTo(0.1f / 1.0f * 2.5f, within(1e-6f));
        assertThat(w[1]).isCloseTo(0.9f / 1.0f * 2.5f, within(1e-6f));
    }

    @Test
    void noauxTcKeepsTheGroupsWhoseTwoBestBiasedScoresSumHighest() {
        // group 0 = {0,1}: best single expert 0.95 but sum 0.95 + 0.05; group 1 = {2,3}: 0.6 + 0.6
        RoutingRule rule = new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 2, 4, 2, 1, false, 1f);
        float[] logits = {logit(0.95), logit(0.05), logit(0.6), logit(0.6)};
        float[] w = new float[2];
        int[] ids = new int[2];
        rule.select(logits, 0, new float[4], w, ids, 0);
        assertThat(ids).containsExactly(2, 3);
        assertThat(w[0]).isCloseTo(0.6f, within(1e-6f));
    }

    @Test
    void groupLimitedGreedyKeepsTheGroupsWithTheBestSingleExpert() {
        // softmax over logits; group 0 = {0,1} holds the single best expert, group 1 = {2,3} the best pair
        RoutingRule rule = new RoutingRule(ScoringFunction.SOFTMAX, TopKMethod.GROUP_LIMITED_GREEDY, 2, 4, 2, 1, false, 16f);
        float[] logits = {3f, -5f, 2.5f, 2.5f};
        float[] w = new float[2];
        int[] ids = new int[2];
        rule.select(logits, 0, null, w, ids, 0);
        assertThat(ids).containsExactly(0, 1);
        double z = Math.exp(3) + Math.exp(-5) + 2 * Math.exp(2.5);
        assertThat((double) w[0]).isCloseTo(Math.exp(3) / z * 16, within(1e-5));
        assertThat((double) w[1]).isCloseTo(Math.exp(-5) / z * 16, within(1e-5));
    }

    @Test
    void greedySoftmaxTakesTheTopProbabilitiesWithoutRenormalizing() {
        RoutingRule rule = new RoutingRule(ScoringFunction.SOFTMAX, TopKMethod.GREEDY, 2, 3, 1, 1, false, 1f);
        float[] logits = {0f, 0f, 10f, 1f, 2f}; // read from offset 2
        float[] w = new float[4];
        int[] ids = new int[4];
        rule.select(logits, 2, null, w, ids, 1);
        assertThat(ids).containsExactly(0, 0, 2, 0);
        double z = Math.exp(10) + Math.exp(1) + Math.exp(2);
        assertThat((double) w[1]).isCloseTo(Math.exp(10) / z, within(1e-6));
        assertThat((double) w[2]).isCloseTo(Math.exp(2) / z, within(1e-6));
        assertThat(w[1] + w[2]).isLessThan(1f);
    }

    @Test
    void normalizingMakesTheChosenWeightsSumToTheScalingFactor() {
        RoutingRule rule = new RoutingRule(ScoringFunction.SOFTMAX, TopKMethod.GREEDY, 2, 3, 1, 1, true, 3f);
        float[] w = new float[2];
        rule.select(new float[] {1f, 2f, 0.5f}, 0, null, w, new int[2], 0);
        assertThat(w[0] + w[1]).isCloseTo(3f, within(1e-6f));
    }

    @Test
    void tiesGoToTheLowerExpert() {
        assertThat(RoutingRule.topIndices(new float[] {1f, 2f, 2f, 1f}, 3)).containsExactly(1, 2, 0);
    }

    @Test
    void rejectsImpossibleRules() {
        assertThatThrownBy(() -> new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 2, 6, 4, 1, true, 1f))
                .hasMessageContaining("split evenly");
        assertThatThrownBy(() -> new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 3, 8, 4, 1, true, 1f))
                .hasMessageContaining("exceeds");
        RoutingRule needsBias = new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 1, 2, 1, 1, true, 1f);
        assertThatThrownBy(() -> needsBias.select(new float[2], 0, null, new float[1], new int[1], 0))
                .hasMessageContaining("bias");
    }
}
