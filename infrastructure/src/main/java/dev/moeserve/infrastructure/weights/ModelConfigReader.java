package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.TopKMethod;
import dev.moeserve.domain.model.BlockQuantization;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.domain.model.ModelConfigException;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.domain.model.YarnScaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Reads a Hugging Face {@code config.json} of a DeepSeek-V2/V3 checkpoint into a {@link ModelConfig}.
 * Fields that change the math are required (null where the format means "absent", such as
 * {@code q_lora_rank}); settings this engine does not implement are rejected by name.
 */
public final class ModelConfigReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelConfigReader() {
    }

    public static ModelConfig read(Path configJson) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(configJson));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + configJson + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(configJson + " is not a JSON object");
        }
        return parse(root);
    }

    public static ModelConfig parse(JsonNode c) {
        String architecture = architecture(c);
        if (c.has("hidden_act") && !"silu".equals(c.get("hidden_act").asText())) {
            throw new ModelConfigException("hidden_act", "'" + c.get("hidden_act").asText() + "' is not supported (supported: silu)");
        }
        if (c.has("attention_bias") && c.get("attention_bias").asBoolean(false)) {
            throw new ModelConfigException("attention_bias", "true is not supported (DeepSeek-V2/V3 attention has no biases)");
        }
        int routed = optionalInt(c, "n_routed_experts", 0);
        ScoringFunction scoring = null;
        TopKMethod method = null;
        boolean normTopk = false;
        double routedScale = 1.0;
        if (routed > 0) {
            scoring = choice(c, "scoring_func", ScoringFunction.values(), ScoringFunction::configName);
            method = choice(c, "topk_method", TopKMethod.values(), TopKMethod::configName);
            normTopk = requiredBoolean(c, "norm_topk_prob");
            routedScale = requiredDouble(c, "routed_scaling_factor");
        }
        return new ModelConfig(
                architecture,
                requiredInt(c, "vocab_size"),
                requiredInt(c, "hidden_size"),
                optionalInt(c, "intermediate_size", 0),
                requiredInt(c, "num_hidden_layers"),
                requiredInt(c, "num_attention_heads"),
                nullableInt(c, "q_lora_rank"),
                requiredInt(c, "kv_lora_rank"),
                requiredInt(c, "qk_nope_head_dim"),
                requiredInt(c, "qk_rope_head_dim"),
                requiredInt(c, "v_head_dim"),
                routed,
                optionalInt(c, "n_shared_experts", 0),
                routed > 0 ? requiredInt(c, "moe_intermediate_size") : 0,
                routed > 0 ? requiredInt(c, "num_experts_per_tok") : 0,
                optionalInt(c, "first_k_dense_replace", 0),
                optionalInt(c, "moe_layer_freq", 1),
                scoring,
                method,
                optionalInt(c, "n_group", 1),
                optionalInt(c, "topk_group", 1),
                normTopk,
                routedScale,
                requiredDouble(c, "rope_theta"),
                ropeScaling(c),
                requiredDouble(c, "rms_norm_eps"),
                c.has("tie_word_embeddings") && requiredBoolean(c, "tie_word_embeddings"),
                requiredInt(c, "max_position_embeddings"),
                tokenId(c, "bos_token_id"),
                tokenId(c, "eos_token_id"),
                quantization(c));
    }

    private static String architecture(JsonNode c) {
        JsonNode archs = c.get("architectures");
        if (archs != null && archs.isArray() && !archs.isEmpty()) {
            return archs.get(0).asText();
        }
        JsonNode type = c.get("model_type");
        if (type != null && type.isTextual()) {
            return switch (type.asText()) {
                case "deepseek_v2" -> "DeepseekV2ForCausalLM";
                case "deepseek_v3" -> "DeepseekV3ForCausalLM";
                default -> throw new ModelConfigException("model_type", "'" + type.asText() + "' is not supported");
            };
        }
        throw new ModelConfigException("architectures", "missing");
    }

    private static Optional<YarnScaling> ropeScaling(JsonNode c) {
        JsonNode s = c.get("rope_scaling");
        if (s == null || s.isNull()) {
            return Optional.empty();
        }
        if (!s.isObject()) {
            throw new ModelConfigException("rope_scaling", "must be an object or null, got " + s);
        }
        JsonNode type = s.has("type") ? s.get("type") : s.get("rope_type");
        String typeName = type == null ? null : type.asText();
        if (!"yarn".equals(typeName)) {
            throw new ModelConfigException("rope_scaling.type", "'" + typeName + "' is not supported (supported: yarn, or null)");
        }
        // beta and mscale defaults are those of the reference YaRN implementation
        return Optional.of(new YarnScaling(
                requiredDouble(s, "factor", "rope_scaling."),
                (int) requiredDouble(s, "original_max_position_embeddings", "rope_scaling."),
                optionalDouble(s, "beta_fast", 32, "rope_scaling."),
                optionalDouble(s, "beta_slow", 1, "rope_scaling."),
                optionalDouble(s, "mscale", 1, "rope_scaling."),
                optionalDouble(s, "mscale_all_dim", 0, "rope_scaling.")));
    }

    private static Optional<BlockQuantization> quantization(JsonNode c) {
        JsonNode q = c.get("quantization_config");
        if (q == null || q.isNull()) {
            return Optional.empty();
        }
        String method = q.path("quant_method").asText(null);
        if (!"fp8".equals(method)) {
            throw new ModelConfigException("quantization_config.quant_method",
                    "'" + method + "' is not supported (supported: fp8)");
        }
        if (q.has("fmt") && !"e4m3".equals(q.get("fmt").asText())) {
            throw new ModelConfigException("quantization_config.fmt", "'" + q.get("fmt").asText()
                    + "' is not supported (supported: e4m3)");
        }
        if (q.has("activation_scheme") && !"dynamic".equals(q.get("activation_scheme").asText())) {
            throw new ModelConfigException("quantization_config.activation_scheme", "'"
                    + q.get("activation_scheme").asText() + "' is not supported (supported: dynamic)");
        }
        JsonNode block = q.get("weight_block_size");
        if (block == null || !block.isArray() || block.size() != 2 || !block.get(0).canConvertToInt()
                || !block.get(1).canConvertToInt()) {
            throw new ModelConfigException("quantization_config.weight_block_size", "must be [rows, cols], got " + block);
        }
        return Optional.of(new BlockQuantization(block.get(0).asInt(), block.get(1).asInt()));
    }

    private static OptionalInt tokenId(JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            return OptionalInt.empty();
        }
        if (n.isArray()) {
            // several end tokens: the first is the one the model emits
            return n.isEmpty() ? OptionalInt.empty() : OptionalInt.of(n.get(0).asInt());
        }
        if (!n.canConvertToInt()) {
            throw new ModelConfigException(field, "must be an integer, got " + n);
        }
        return OptionalInt.of(n.asInt());
    }

    private static <E extends Enum<E>> E choice(JsonNode c, String field, E[] values,
                                                Function<E, String> name) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            throw new ModelConfigException(field, "missing");
        }
        String text = n.asText().toLowerCase(Locale.ROOT);
        for (E v : values) {
            if (name.apply(v).equals(text)) {
                return v;
            }
        }
        throw new ModelConfigException(field, "'" + n.asText() + "' is not supported (supported: "
                + String.join(", ", Arrays.stream(values).map(name).toList()) + ")");
    }

    private static int requiredInt(JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            throw new ModelConfigException(field, "missing");
        }
        return asInt(n, field);
    }

    /** An integer that the format allows to be null; absent is an error, null is 0. */
    private static int nullableInt(JsonNode c, String field) {
        if (!c.has(field)) {
            throw new ModelConfigException(field, "missing (null means not used)");
        }
        JsonNode n = c.get(field);
        return n.isNull() ? 0 : asInt(n, field);
    }

    private static int optionalInt(JsonNode c, String field, int absent) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? absent : asInt(n, field);
    }

    private static int asInt(JsonNode n, String field) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ModelConfigException(field, "must be an integer, got " + n);
        }
        return n.asInt();
    }

    private static double requiredDouble(JsonNode c, String field) {
        return requiredDouble(c, field, "");
    }

    private static double requiredDouble(JsonNode c, String field, String prefix) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            throw new ModelConfigException(prefix + field, "missing");
        }
        if (!n.isNumber()) {
            throw new ModelConfigException(prefix + field, "must be a number, got " + n);
        }
        return n.asDouble();
    }

    private static double optionalDouble(JsonNode c, String field, double absent, String prefix) {
        JsonNode n = c.get(field);
        return n == null || n.isNull() ? absent : requiredDouble(c, field, prefix);
    }

    private static boolean requiredBoolean(JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            throw new ModelConfigException(field, "missing");
        }
        if (!n.isBoolean()) {
            throw new ModelConfigException(field, "must be true or false, got " + n);
        }
        return n.asBoolean();
    }
}
