package dev.moeserve.infrastructure.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of a real DeepSeek checkpoint, with every dimension from its published {@code config.json}, for
 * generating random-weight checkpoints that cost what the real model costs to run ({@code generate-model}).
 * Only the depth may be cut.
 */
public enum ModelPreset {
    /** deepseek-ai/DeepSeek-V2-Lite: 15.7B parameters, 2.4B active; direct q_proj, softmax greedy routing. */
    DEEPSEEK_V2_LITE("deepseek-v2-lite", "DeepseekV2ForCausalLM", "deepseek_v2", 102400, 2048, 10944, 27, 16, 0,
            512, 128, 64, 128, 64, 2, 1408, 6, 1, "softmax", "greedy", 1, 1, false, 1.0, 0.707),
    /** deepseek-ai/DeepSeek-V3: 671B parameters, 37B active; low-rank queries, sigmoid noaux_tc routing. */
    DEEPSEEK_V3("deepseek-v3", "DeepseekV3ForCausalLM", "deepseek_v3", 129280, 7168, 18432, 61, 128, 1536,
            512, 128, 64, 128, 256, 1, 2048, 8, 3, "sigmoid", "noaux_tc", 8, 4, true, 2.5, 1.0),
    /**
     * DeepSeek-V3's structure at toy dimensions (a few MB), for tests of the tools; its dimensions are multiples
     * of the FP8 block so every format applies.
     */
    TINY("tiny", "DeepseekV3ForCausalLM", "deepseek_v3", 512, 256, 384, 4, 4, 128, 128, 32, 16, 32, 16, 1, 128, 4,
            1, "sigmoid", "noaux_tc", 4, 2, true, 2.5, 1.0);

    private final String id;
    private final String architecture;
    private final String modelType;
    final int vocab;
    final int hidden;
    final int intermediate;
    final int layers;
    final int heads;
    final int qLoraRank; // 0: direct q_proj
    final int kvLoraRank;
    final int qkNope;
    final int qkRope;
    final int vHead;
    final int routedExperts;
    final int sharedExperts;
    final int moeIntermediate;
    final int expertsPerToken;
    final int firstDense;
    private final String scoring;
    private final String topkMethod;
    private final int groups;
    private final int topkGroup;
    private final boolean normTopkProb;
    private final double routedScaling;
    private final double mscale;

    ModelPreset(String id, String architecture, String modelType, int vocab, int hidden, int intermediate, int layers,
                int heads, int qLoraRank, int kvLoraRank, int qkNope, int qkRope, int vHead, int routedExperts,
                int sharedExperts, int moeIntermediate, int expertsPerToken, int firstDense, String scoring,
                String topkMethod, int groups, int topkGroup, boolean normTopkProb, double routedScaling, double mscale) {
        this.id = id;
        this.architecture = architecture;
        this.modelType = modelType;
        this.vocab = vocab;
        this.hidden = hidden;
        this.intermediate = intermediate;
        this.layers = layers;
        this.heads = heads;
        this.qLoraRank = qLoraRank;
        this.kvLoraRank = kvLoraRank;
        this.qkNope = qkNope;
        this.qkRope = qkRope;
        this.vHead = vHead;
        this.routedExperts = routedExperts;
        this.sharedExperts = sharedExperts;
        this.moeIntermediate = moeIntermediate;
        this.expertsPerToken = expertsPerToken;
        this.firstDense = firstDense;
        this.scoring = scoring;
        this.topkMethod = topkMethod;
        this.groups = groups;
        this.topkGroup = topkGroup;
        this.normTopkProb = normTopkProb;
        this.routedScaling = routedScaling;
        this.mscale = mscale;
    }

    /** The name {@code --preset} takes. */
    public String id() {
        return id;
    }

    /** Layers of the real model. */
    public int fullDepth() {
        return layers;
    }

    boolean usesBias() {
        return topkMethod.equals("noaux_tc");
    }

    public static ModelPreset byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown preset '" + id + "' (known: "
                        + String.join(", ", Arrays.stream(values()).map(ModelPreset::id).toList()) + ")"));
    }

    /**
     * The checkpoint's config.json at {@code depth} layers. With {@code fp8}, DeepSeek-V3's block-wise
     * quantization_config. Token ids 0 and 1 are BOS and EOS, as in the tokenizer written beside it.
     */
    Map<String, Object> config(int depth, boolean fp8, String torchDtype) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(architecture));
        c.put("model_type", modelType);
        c.put("attention_bias", false);
        c.put("bos_token_id", 0);
        c.put("eos_token_id", 1);
        c.put("first_k_dense_replace", firstDense);
        c.put("hidden_act", "silu");
        c.put("hidden_size", hidden);
        c.put("intermediate_size", intermediate);
        c.put("kv_lora_rank", kvLoraRank);
        c.put("max_position_embeddings", 163840);
        c.put("moe_intermediate_size", moeIntermediate);
        c.put("moe_layer_freq", 1);
        c.put("n_group", groups);
        c.put("n_routed_experts", routedExperts);
        c.put("n_shared_experts", sharedExperts);
        c.put("norm_topk_prob", normTopkProb);
        c.put("num_attention_heads", heads);
        c.put("num_experts_per_tok", expertsPerToken);
        c.put("num_hidden_layers", depth);
        c.put("num_key_value_heads", heads);
        c.put("q_lora_rank", qLoraRank == 0 ? null : qLoraRank);
        c.put("qk_nope_head_dim", qkNope);
        c.put("qk_rope_head_dim", qkRope);
        c.put("rms_norm_eps", 1e-6);
        Map<String, Object> yarn = new LinkedHashMap<>();
        yarn.put("beta_fast", 32);
        yarn.put("beta_slow", 1);
        yarn.put("factor", 40);
        yarn.put("mscale", mscale);
        yarn.put("mscale_all_dim", mscale);
        yarn.put("original_max_position_embeddings", 4096);
        yarn.put("type", "yarn");
        c.put("rope_scaling", yarn);
        c.put("rope_theta", 10000);
        c.put("routed_scaling_factor", routedScaling);
        c.put("scoring_func", scoring);
        c.put("tie_word_embeddings", false);
        c.put("topk_group", topkGroup);
        c.put("topk_method", topkMethod);
        c.put("torch_dtype", torchDtype);
        c.put("v_head_dim", vHead);
        c.put("vocab_size", vocab);
        if (fp8) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("activation_scheme", "dynamic");
            q.put("fmt", "e4m3");
            q.put("quant_method", "fp8");
            q.put("weight_block_size", List.of(128, 128));
            c.put("quantization_config", q);
        }
        return c;
    }
}
