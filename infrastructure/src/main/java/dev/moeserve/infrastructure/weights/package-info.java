/**
 * Checkpoints on disk: Hugging Face {@code config.json} into a {@link dev.moeserve.domain.model.ModelConfig},
 * memory-mapped safetensors files (single or sharded) as the domain's
 * {@link dev.moeserve.domain.model.WeightSource}, and {@link dev.moeserve.infrastructure.weights.CheckpointLoader},
 * which puts the two together on a compute backend.
 */
package dev.moeserve.infrastructure.weights;
