package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.RoutingRule;
import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.TopKMethod;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelConfigTest {

    private static ModelConfigException rejection(Consumer<ConfigBuilder> change) {
        ConfigBuilder b = new ConfigBuilder();
        change.accept(b);
        try {
            b.build();
        } catch (ModelConfigException e) {
            return e;
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void derivesTheShapesTheModelNeeds() {
        ModelConfig c = new ConfigBuilder().build();
        assertThat(c.qkHeadDim()).isEqualTo(64);
        assertThat(c.latentWidth()).isEqualTo(64);
        assertThat(c.hasQLora()).isTrue();
        assertThat(c.isMoeLayer(0)).isFalse();
        assertThat(c.isMoeLayer(1)).isTrue();
        RoutingRule rule = c.routingRule();
        assertThat(rule.groups()).isEqualTo(4);
        assertThat(rule.topKGroup()).isEqualTo(2);
        assertThat(rule.usesBias()).isTrue();
        assertThat(rule.scale()).isEqualTo(2.5f);
    }

    @Test
    void moeLayerFrequencySkipsLayers() {
        ConfigBuilder b = new ConfigBuilder();
        b.numHiddenLayers = 6;
        b.moeLayerFreq = 2;
        ModelConfig c = b.build();
        assertThat(c.isMoeLayer(1)).isFalse();
        assertThat(c.isMoeLayer(2)).isTrue();
        assertThat(c.isMoeLayer(3)).isFalse();
        assertThat(c.isMoeLayer(4)).isTrue();
    }

    @Test
    void greedyRoutingIgnoresExpertGroups() {
        ConfigBuilder b = new ConfigBuilder();
        b.topkMethod = TopKMethod.GREEDY;
        b.scoringFunc = ScoringFunction.SOFTMAX;
        b.nGroup = 3; // would not divide 16 experts, but greedy does not use groups
        assertThat(b.build().routingRule().groups()).isEqualTo(1);
    }

    @Test
    void unsupportedValuesAreErrorsNamingTheField() {
        assertThat(rejection(b -> b.architecture = "LlamaForCausalLM").field()).isEqualTo("architectures");
        assertThat(rejection(b -> b.qkRopeHeadDim = 31).field()).isEqualTo("qk_rope_head_dim");
        assertThat(rejection(b -> b.nGroup = 3).field()).isEqualTo("n_group");
        assertThat(rejection(b -> b.topkGroup = 5).field()).isEqualTo("topk_group");
        assertThat(rejection(b -> b.numExpertsPerTok = 17).field()).isEqualTo("num_experts_per_tok");
        assertThat(rejection(b -> {
            b.topkGroup = 1;
            b.numExpertsPerTok = 5;
        }).field()).isEqualTo("num_experts_per_tok");
        assertThat(rejection(b -> b.scoringFunc = null).field()).isEqualTo("scoring_func");
        assertThat(rejection(b -> b.topkMethod = null).field()).isEqualTo("topk_method");
        assertThat(rejection(b -> b.routedScalingFactor = 0).field()).isEqualTo("routed_scaling_factor");
        assertThat(rejection(b -> b.kvLoraRank = 0).field()).isEqualTo("kv_lora_rank");
        assertThat(rejection(b -> b.rmsNormEps = 0).field()).isEqualTo("rms_norm_eps");
        assertThat(rejection(b -> b.moeLayerFreq = 0).field()).isEqualTo("moe_layer_freq");
        assertThat(rejection(b -> b.intermediateSize = 0).getMessage())
                .isEqualTo("config.json: intermediate_size: must be positive, got 0");
    }

    @Test
    void aDenseModelNeedsNoRoutingSettings() {
        ConfigBuilder b = new ConfigBuilder();
        b.nRoutedExperts = 0;
        b.scoringFunc = null;
        b.topkMethod = null;
        ModelConfig c = b.build();
        assertThat(c.isMoeLayer(2)).isFalse();
        assertThatThrownBy(c::routingRule).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void yarnSettingsAreValidated() {
        assertThatThrownBy(() -> new YarnScaling(0, 16, 32, 1, 1, 1)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("rope_scaling.factor");
        assertThatThrownBy(() -> new YarnScaling(40, 0, 32, 1, 1, 1)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("rope_scaling.original_max_position_embeddings");
    }
}
