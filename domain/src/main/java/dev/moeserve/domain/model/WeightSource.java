package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.HostTensor;

/**
 * Outbound port: hands the model loader the stored tensors of a checkpoint by their Hugging Face
 * names (e.g. {@code model.layers.0.self_attn.kv_b_proj.weight}). Implemented in infrastructure over
 * memory-mapped safetensors files. Quantized weights come with their block scales attached.
 */
public interface WeightSource {

    /**
     * The tensor with this name, in its stored format; its memory stays valid while the source is open.
     *
     * @throws ModelLoadException naming the tensor when it is absent or unreadable
     */
    HostTensor tensor(String name);

    boolean contains(String name);
}
