package dev.moeserve.infrastructure.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.moeserve.infrastructure.weights.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes the small demo model {@code ./moeserve serve} runs out of the box: the DeepSeek-V3 architecture
 * in miniature (MLA with a low-rank query, a dense first layer, then MoE layers with sigmoid
 * {@code noaux_tc} routing over expert groups and a shared expert, YaRN rope scaling) with random BF16
 * weights, in the Hugging Face layout ({@code config.json} + {@code model.safetensors}). It loads through
 * the same loader and runs through the same forward pass as a real checkpoint. The output is a pure
 * function of the seed.
 */
public final class DemoModelWriter {
    public static final int VOCAB_SIZE = 320;
    public static final int BOS_TOKEN_ID = 0;
    public static final int EOS_TOKEN_ID = 1;

    private static final int HIDDEN = 128;
    private static final int LAYERS = 3;
    private static final int HEADS = 4;
    private static final int Q_LORA_RANK = 96;
    private static final int KV_LORA_RANK = 64;
    private static final int QK_NOPE = 32;
    private static final int QK_ROPE = 16;
    private static final int V_HEAD = 32;
    private static final int ROUTED_EXPERTS = 8;
    private static final int EXPERTS_PER_TOKEN = 2;
    private static final int GROUPS = 2;
    private static final int TOPK_GROUP = 1;
    private static final int SHARED_EXPERTS = 1;
    private static final int MOE_INTERMEDIATE = 64;
    private static final int INTERMEDIATE = 256;
    private static final int FIRST_DENSE = 1;
    private static final int MAX_POSITIONS = 4096;

    private DemoModelWriter() {
    }

    /** Writes {@code config.json} and {@code model.safetensors} into {@code dir} (created if needed). */
    public static void write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("config.json"), json.writeValueAsString(config()) + "\n");
        weights(new SplittableRandom(seed)).write(dir.resolve("model.safetensors"));
    }

    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("DeepseekV3ForCausalLM"));
        c.put("model_type", "deepseek_v3");
        c.put("attention_bias", false);
        c.put("bos_token_id", BOS_TOKEN_ID);
        c.put("eos_token_id", EOS_TOKEN_ID);
        c.put("first_k_dense_replace", FIRST_DENSE);
        c.put("hidden_act", "silu");
        c.put("hidden_size", HIDDEN);
        c.put("intermediate_size", INTERMEDIATE);
        c.put("kv_lora_rank", KV_LORA_RANK);
        c.put("max_position_embeddings", MAX_POSITIONS);
        c.put("moe_intermediate_size", MOE_INTERMEDIATE);
        c.put("moe_layer_freq", 1);
        c.put("n_group", GROUPS);
        c.put("n_routed_experts", ROUTED_EXPERTS);
        c.put("n_shared_experts", SHARED_EXPERTS);
        c.put("norm_topk_prob", true);
        c.put("num_attention_heads", HEADS);
        c.put("num_experts_per_tok", EXPERTS_PER_TOKEN);
        c.put("num_hidden_layers", LAYERS);
        c.put("num_key_value_heads", HEADS);
        c.put("num_nextn_predict_layers", 0);
        c.put("q_lora_rank", Q_LORA_RANK);
        c.put("qk_nope_head_dim", QK_NOPE);
        c.put("qk_rope_head_dim", QK_ROPE);
        Map<String, Object> yarn = new LinkedHashMap<>();
        yarn.put("beta_fast", 32);
        yarn.put("beta_slow", 1);
        yarn.put("factor", 4.0);
        yarn.put("mscale", 1.0);
        yarn.put("mscale_all_dim", 1.0);
        yarn.put("original_max_position_embeddings", MAX_POSITIONS / 4);
        yarn.put("type", "yarn");
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_scaling", yarn);
        c.put("rope_theta", 10000.0);
        c.put("routed_scaling_factor", 2.5);
        c.put("scoring_func", "sigmoid");
        c.put("tie_word_embeddings", false);
        c.put("topk_group", TOPK_GROUP);
        c.put("topk_method", "noaux_tc");
        c.put("torch_dtype", "bfloat16");
        c.put("v_head_dim", V_HEAD);
        c.put("vocab_size", VOCAB_SIZE);
        return c;
    }

    private static SafetensorsWriter weights(SplittableRandom random) {
        SafetensorsWriter w = new SafetensorsWriter();
        // residual-branch outputs are scaled down so the stream stays O(1) through the layers
        double residualScale = 1.0 / Math.sqrt(2.0 * LAYERS);
        w.bf16("model.embed_tokens.weight", gaussian(random, VOCAB_SIZE * HIDDEN, 1.0), VOCAB_SIZE, HIDDEN);
        for (int layer = 0; layer < LAYERS; layer++) {
            String p = "model.layers." + layer + ".";
            w.bf16(p + "input_layernorm.weight", ones(HIDDEN), HIDDEN);
            w.bf16(p + "post_attention_layernorm.weight", ones(HIDDEN), HIDDEN);
            linear(w, random, p + "self_attn.q_a_proj.weight", Q_LORA_RANK, HIDDEN, 1);
            w.bf16(p + "self_attn.q_a_layernorm.weight", ones(Q_LORA_RANK), Q_LORA_RANK);
            linear(w, random, p + "self_attn.q_b_proj.weight", HEADS * (QK_NOPE + QK_ROPE), Q_LORA_RANK, 1);
            linear(w, random, p + "self_attn.kv_a_proj_with_mqa.weight", KV_LORA_RANK + QK_ROPE, HIDDEN, 1);
            w.bf16(p + "self_attn.kv_a_layernorm.weight", ones(KV_LORA_RANK), KV_LORA_RANK);
            linear(w, random, p + "self_attn.kv_b_proj.weight", HEADS * (QK_NOPE + V_HEAD), KV_LORA_RANK, 1);
            linear(w, random, p + "self_attn.o_proj.weight", HIDDEN, HEADS * V_HEAD, residualScale);
            if (layer < FIRST_DENSE) {
                mlp(w, random, p + "mlp.", INTERMEDIATE, residualScale);
            } else {
                linear(w, random, p + "mlp.gate.weight", ROUTED_EXPERTS, HIDDEN, 1);
                float[] bias = new float[ROUTED_EXPERTS];
                for (int e = 0; e < ROUTED_EXPERTS; e++) {
                    bias[e] = (float) (0.05 * random.nextGaussian());
                }
                w.f32(p + "mlp.gate.e_score_correction_bias", bias, ROUTED_EXPERTS);
                for (int e = 0; e < ROUTED_EXPERTS; e++) {
                    mlp(w, random, p + "mlp.experts." + e + ".", MOE_INTERMEDIATE, residualScale);
                }
                mlp(w, random, p + "mlp.shared_experts.", SHARED_EXPERTS * MOE_INTERMEDIATE, residualScale);
            }
        }
        w.bf16("model.norm.weight", ones(HIDDEN), HIDDEN);
        linear(w, random, "lm_head.weight", VOCAB_SIZE, HIDDEN, 1);
        return w;
    }

    private static void mlp(SafetensorsWriter w, SplittableRandom random, String prefix, int width, double outScale) {
        linear(w, random, prefix + "gate_proj.weight", width, HIDDEN, 1);
        linear(w, random, prefix + "up_proj.weight", width, HIDDEN, 1);
        linear(w, random, prefix + "down_proj.weight", HIDDEN, width, outScale);
    }

    /** A [out, in] projection with N(0, scale² / in) entries, so outputs keep the input's magnitude. */
    private static void linear(SafetensorsWriter w, SplittableRandom random, String name, int out, int in,
                               double scale) {
        w.bf16(name, gaussian(random, out * in, scale / Math.sqrt(in)), out, in);
    }

    private static short[] gaussian(SplittableRandom random, int count, double std) {
        short[] bits = new short[count];
        for (int i = 0; i < count; i++) {
            bits[i] = bf16((float) (random.nextGaussian() * std));
        }
        return bits;
    }

    private static short[] ones(int count) {
        short[] bits = new short[count];
        Arrays.fill(bits, bf16(1f));
        return bits;
    }

    /** Rounds to the nearest bfloat16, ties to even. */
    static short bf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
