package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.RoutingRule;
import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.TopKMethod;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Every setting of a DeepSeek-V2/V3 checkpoint that changes the math, as its config.json states it
 * (field names in the Javadoc and in error messages are config.json's). Validated on construction:
 * a value this engine does not implement is a {@link ModelConfigException} naming the field.
 *
 * @param architecture          {@code architectures[0]}: DeepseekV2ForCausalLM or DeepseekV3ForCausalLM
 * @param qLoraRank             {@code q_lora_rank}; 0 when null (queries through a direct {@code q_proj})
 * @param nRoutedExperts        {@code n_routed_experts}; 0 when null (every layer dense)
 * @param nSharedExperts        {@code n_shared_experts}; 0 when null
 * @param scoringFunc           {@code scoring_func}; null only without routed experts
 * @param topkMethod            {@code topk_method}; null only without routed experts
 * @param ropeScaling           {@code rope_scaling} of type yarn, or empty when null
 * @param quantization          {@code quantization_config} block-wise fp8, or empty when absent
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int qLoraRank,
        int kvLoraRank,
        int qkNopeHeadDim,
        int qkRopeHeadDim,
        int vHeadDim,
        int nRoutedExperts,
        int nSharedExperts,
        int moeIntermediateSize,
        int numExpertsPerTok,
        int firstKDenseReplace,
        int moeLayerFreq,
        ScoringFunction scoringFunc,
        TopKMethod topkMethod,
        int nGroup,
        int topkGroup,
        boolean normTopkProb,
        double routedScalingFactor,
        double ropeTheta,
        Optional<YarnScaling> ropeScaling,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings,
        OptionalInt bosTokenId,
        OptionalInt eosTokenId,
        Optional<BlockQuantization> quantization) {

    /** The architectures whose forward pass this engine implements. */
    public static final Set<String> SUPPORTED_ARCHITECTURES = Set.of("DeepseekV2ForCausalLM", "DeepseekV3ForCausalLM");

    public ModelConfig {
        Objects.requireNonNull(ropeScaling, "ropeScaling");
        Objects.requireNonNull(bosTokenId, "bosTokenId");
        Objects.requireNonNull(eosTokenId, "eosTokenId");
        Objects.requireNonNull(quantization, "quantization");
        if (architecture == null || !SUPPORTED_ARCHITECTURES.contains(architecture)) {
            throw new ModelConfigException("architectures", "'" + architecture + "' is not supported (supported: "
                    + String.join(", ", SUPPORTED_ARCHITECTURES.stream().sorted().toList()) + ")");
        }
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("kv_lora_rank", kvLoraRank);
        positive("qk_nope_head_dim", qkNopeHeadDim);
        positive("qk_rope_head_dim", qkRopeHeadDim);
        positive("v_head_dim", vHeadDim);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (qkRopeHeadDim % 2 != 0) {
            throw new ModelConfigException("qk_rope_head_dim", "must be even (rotary pairs), got " + qkRopeHeadDim);
        }
        if (qLoraRank < 0) {
            throw new ModelConfigException("q_lora_rank", "must be positive or null, got " + qLoraRank);
        }
        if (nRoutedExperts < 0 || nSharedExperts < 0) {
            throw new ModelConfigException(nRoutedExperts < 0 ? "n_routed_experts" : "n_shared_experts",
                    "must not be negative");
        }
        if (firstKDenseReplace < 0) {
            throw new ModelConfigException("first_k_dense_replace", "must not be negative, got " + firstKDenseReplace);
        }
        positive("moe_layer_freq", moeLayerFreq);
        if (!(rmsNormEps > 0)) {
            throw new ModelConfigException("rms_norm_eps", "must be positive, got " + rmsNormEps);
        }
        if (!(ropeTheta > 1) || Double.isInfinite(ropeTheta)) {
            throw new ModelConfigException("rope_theta", "must be finite and > 1, got " + ropeTheta);
        }
        boolean anyDense = false;
        boolean anyMoe = false;
        for (int layer = 0; layer < numHiddenLayers; layer++) {
            boolean moe = nRoutedExperts > 0 && layer >= firstKDenseReplace && layer % moeLayerFreq == 0;
            anyMoe |= moe;
            anyDense |= !moe;
        }
        if (anyDense) {
            positive("intermediate_size", intermediateSize);
        }
        if (anyMoe) {
            positive("moe_intermediate_size", moeIntermediateSize);
            if (scoringFunc == null) {
                throw new ModelConfigException("scoring_func", "is required with routed experts");
            }
            if (topkMethod == null) {
                throw new ModelConfigException("topk_method", "is required with routed experts");
            }
            if (numExpertsPerTok <= 0 || numExpertsPerTok > nRoutedExperts) {
                throw new ModelConfigException("num_experts_per_tok", "must be in 1.." + nRoutedExperts + ", got "
                        + numExpertsPerTok);
            }
            if (!(routedScalingFactor > 0) || Double.isInfinite(routedScalingFactor)) {
                throw new ModelConfigException("routed_scaling_factor", "must be positive, got " + routedScalingFactor);
            }
            if (topkMethod != TopKMethod.GREEDY) {
                if (nGroup <= 0 || nRoutedExperts % nGroup != 0) {
                    throw new ModelConfigException("n_group", "must divide n_routed_experts (" + nRoutedExperts
                            + "), got " + nGroup);
                }
                if (topkGroup <= 0 || topkGroup > nGroup) {
                    throw new ModelConfigException("topk_group", "must be in 1.." + nGroup + ", got " + topkGroup);
                }
                if (numExpertsPerTok > topkGroup * (nRoutedExperts / nGroup)) {
                    throw new ModelConfigException("num_experts_per_tok", numExpertsPerTok
                            + " is more than the experts in topk_group (" + topkGroup + ") groups");
                }
                if (topkMethod == TopKMethod.NOAUX_TC && nGroup > 1 && nRoutedExperts / nGroup < 2) {
                    throw new ModelConfigException("n_group", "noaux_tc scores a group by its two best experts, "
                            + "so each group needs at least 2 experts");
                }
            }
        }
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new ModelConfigException(field, "must be positive, got " + value);
        }
    }

    /** Per-head query/key width: {@code qk_nope_head_dim + qk_rope_head_dim}. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Whether queries go through the low-rank {@code q_a_proj}/{@code q_b_proj} pair. */
    public boolean hasQLora() {
        return qLoraRank > 0;
    }

    /** Whether layer {@code layer} (0-based) is a mixture-of-experts layer rather than a dense MLP. */
    public boolean isMoeLayer(int layer) {
        return nRoutedExperts > 0 && layer >= firstKDenseReplace && layer % moeLayerFreq == 0;
    }

    public MlaDims mlaDims() {
        return new MlaDims(numAttentionHeads, qkNopeHeadDim, qkRopeHeadDim, vHeadDim, kvLoraRank);
    }

    /** The routing rule of the MoE layers. */
    public RoutingRule routingRule() {
        if (nRoutedExperts == 0) {
            throw new IllegalStateException("this model has no routed experts");
        }
        // greedy ignores groups, as DeepSeek's own code does
        int groups = topkMethod == TopKMethod.GREEDY ? 1 : nGroup;
        int keptGroups = topkMethod == TopKMethod.GREEDY ? 1 : topkGroup;
        return new RoutingRule(scoringFunc, topkMethod, numExpertsPerTok, nRoutedExperts, groups, keptGroups,
                normTopkProb, (float) routedScalingFactor);
    }

    /** Values the latent cache holds per token and layer: {@code kv_lora_rank + qk_rope_head_dim}. */
    public int latentWidth() {
        return kvLoraRank + qkRopeHeadDim;
    }
}
