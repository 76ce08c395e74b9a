/**
 * The DeepSeek-V2/V3 transformer, written once against the compute port.
 *
 * <p>Terms, defined once for the whole package (names follow the papers and config.json):
 * <ul>
 *   <li><b>MLA</b> ({@link dev.moeserve.domain.model.Mla}), Multi-head Latent Attention: keys and values are
 *       compressed into a <b>latent</b> of {@code kv_lora_rank} values plus one <b>rotary key</b> of
 *       {@code qk_rope_head_dim} values shared by all heads; {@code kv_b_proj} expands a latent into per-head
 *       keys and values. <b>Naive</b> attention expands; <b>absorbed</b> attention folds {@code kv_b_proj}
 *       into the query and output sides and attends over the latents ({@link dev.moeserve.domain.model.AttentionMode}).</li>
 *   <li><b>Latent cache</b> ({@link dev.moeserve.domain.model.LatentCache}): per token and layer, only the
 *       latent and the rotary key.</li>
 *   <li><b>MoE</b>: a <b>gate</b> scores the routed experts and picks {@code num_experts_per_tok} of them
 *       (a {@link dev.moeserve.domain.model.Routing}); <b>shared experts</b> see every token.</li>
 *   <li><b>YaRN</b> ({@link dev.moeserve.domain.model.RotaryTables}): rotary frequencies stretched beyond the
 *       original context, with a matching correction of the attention scale.</li>
 *   <li><b>Session</b> ({@link dev.moeserve.domain.model.InferenceSession}): one sequence, its position and its
 *       latent cache; <b>prefill</b> feeds many tokens in one pass, <b>decode</b> one.</li>
 * </ul>
 *
 * <p>Semantics are those of DeepSeek's reference {@code inference/model.py}, which the golden tests check.
 */
package dev.moeserve.domain.model;
