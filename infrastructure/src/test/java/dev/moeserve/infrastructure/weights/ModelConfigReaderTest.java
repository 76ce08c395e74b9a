package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.TopKMethod;
import dev.moeserve.domain.model.BlockQuantization;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.domain.model.ModelConfigException;
import dev.moeserve.domain.model.YarnScaling;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelConfigReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(GoldenSet set) throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(set.directory().resolve("config.json")));
    }

    private static String rejectedField(GoldenSet set, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = json(set);
        edit.accept(c);
        try {
            ModelConfigReader.parse(c);
        } catch (ModelConfigException e) {
            return e.field();
        }
        throw new AssertionError("config was accepted");
    }

    @Test
    void readsAV3Config() {
        ModelConfig c = ModelConfigReader.read(GoldenSet.V3_TINY.directory().resolve("config.json"));
        assertThat(c.architecture()).isEqualTo("DeepseekV3ForCausalLM");
        assertThat(c.qLoraRank()).isEqualTo(48);
        assertThat(c.scoringFunc()).isEqualTo(ScoringFunction.SIGMOID);
        assertThat(c.topkMethod()).isEqualTo(TopKMethod.NOAUX_TC);
        assertThat(c.nGroup()).isEqualTo(4);
        assertThat(c.topkGroup()).isEqualTo(2);
        assertThat(c.normTopkProb()).isTrue();
        assertThat(c.routedScalingFactor()).isEqualTo(2.5);
        assertThat(c.ropeScaling()).contains(new YarnScaling(40, 16, 32, 1, 1, 1));
        assertThat(c.bosTokenId()).hasValue(0);
        assertThat(c.eosTokenId()).hasValue(1);
        assertThat(c.quantization()).isEmpty();
    }

    @Test
    void readsAV2ConfigWithADirectQueryProjectionAndNoRopeScaling() {
        ModelConfig c = ModelConfigReader.read(GoldenSet.V2_LITE_TINY.directory().resolve("config.json"));
        assertThat(c.hasQLora()).isFalse();
        assertThat(c.ropeScaling()).isEmpty();
        assertThat(c.scoringFunc()).isEqualTo(ScoringFunction.SOFTMAX);
        assertThat(c.topkMethod()).isEqualTo(TopKMethod.GREEDY);
        assertThat(c.nSharedExperts()).isEqualTo(2);
    }

    @Test
    void readsTheFp8BlockSize() {
        ModelConfig c = ModelConfigReader.read(GoldenSet.V3_TINY_FP8.directory().resolve("config.json"));
        assertThat(c.quantization()).contains(new BlockQuantization(128, 128));
    }

    @Test
    void readsTheFullSizeDeepSeekV3Config() throws IOException {
        ObjectNode c = json(GoldenSet.V3_TINY_FP8);
        c.put("vocab_size", 129280).put("hidden_size", 7168).put("intermediate_size", 18432)
                .put("moe_intermediate_size", 2048).put("num_hidden_layers", 61).put("num_attention_heads", 128)
                .put("num_key_value_heads", 128).put("q_lora_rank", 1536).put("kv_lora_rank", 512)
                .put("qk_nope_head_dim", 128).put("qk_rope_head_dim", 64).put("v_head_dim", 128)
                .put("n_routed_experts", 256).put("num_experts_per_tok", 8).put("n_group", 8).put("topk_group", 4)
                .put("first_k_dense_replace", 3).put("max_position_embeddings", 163840).put("num_nextn_predict_layers", 1);
        c.withObject("rope_scaling").put("original_max_position_embeddings", 4096);
        ModelConfig v3 = ModelConfigReader.parse(c);
        assertThat(v3.latentWidth()).isEqualTo(576);
        assertThat(v3.isMoeLayer(2)).isFalse();
        assertThat(v3.isMoeLayer(3)).isTrue();
        assertThat(v3.routingRule().groups()).isEqualTo(8);
    }

    @Test
    void groupLimitedGreedyIsRead() throws IOException {
        ObjectNode c = json(GoldenSet.V2_LITE_TINY);
        c.put("topk_method", "group_limited_greedy").put("n_group", 4).put("topk_group", 2);
        assertThat(ModelConfigReader.parse(c).routingRule().method()).isEqualTo(TopKMethod.GROUP_LIMITED_GREEDY);
    }

    @Test
    void anEndTokenListYieldsItsFirstId() throws IOException {
        ObjectNode c = json(GoldenSet.V3_TINY);
        c.putArray("eos_token_id").add(5).add(1);
        assertThat(ModelConfigReader.parse(c).eosTokenId()).hasValue(5);
    }

    @Test
    void everyUnsupportedOrMissingSettingIsNamed() throws IOException {
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.put("topk_method", "aux_loss"))).isEqualTo("topk_method");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.put("scoring_func", "relu"))).isEqualTo("scoring_func");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.put("hidden_act", "gelu"))).isEqualTo("hidden_act");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.put("attention_bias", true))).isEqualTo("attention_bias");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.withObject("rope_scaling").put("type", "linear")))
                .isEqualTo("rope_scaling.type");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.withObject("rope_scaling").remove("factor")))
                .isEqualTo("rope_scaling.factor");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.remove("kv_lora_rank"))).isEqualTo("kv_lora_rank");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.remove("q_lora_rank"))).isEqualTo("q_lora_rank");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.remove("norm_topk_prob"))).isEqualTo("norm_topk_prob");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.put("hidden_size", "wide"))).isEqualTo("hidden_size");
        assertThat(rejectedField(GoldenSet.V3_TINY, c -> c.putArray("architectures").add("MixtralForCausalLM")))
                .isEqualTo("architectures");
        assertThat(rejectedField(GoldenSet.V3_TINY_FP8, c -> c.withObject("quantization_config").put("quant_method", "awq")))
                .isEqualTo("quantization_config.quant_method");
        assertThat(rejectedField(GoldenSet.V3_TINY_FP8, c -> c.withObject("quantization_config").put("activation_scheme", "static")))
                .isEqualTo("quantization_config.activation_scheme");
    }

    @Test
    void anUnreadableFileIsNamed() {
        assertThatThrownBy(() -> ModelConfigReader.read(GoldenSet.V3_TINY.directory().resolve("nope.json")))
                .hasMessageContaining("nope.json");
    }
}
