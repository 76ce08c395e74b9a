package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.Tensor;

/**
 * A SwiGLU MLP, {@code down(silu(gate(x)) * up(x))}: the dense feed-forward of the first layers and the
 * shared experts of MoE layers (n shared experts act as one MLP n times as wide).
 */
final class Expert implements FeedForward {
    private final ComputeBackend backend;
    private final int width;
    private final Tensor gateProj; // [width, hidden]
    private final Tensor upProj;   // [width, hidden]
    private final Tensor downProj; // [hidden, width]

    private Expert(ComputeBackend backend, int width, Tensor gateProj, Tensor upProj, Tensor downProj) {
        this.backend = backend;
        this.width = width;
        this.gateProj = gateProj;
        this.upProj = upProj;
        this.downProj = downProj;
    }

    static Expert load(WeightLoader weights, ComputeBackend backend, String prefix, int hidden, int width) {
        return new Expert(backend, width,
                weights.load(prefix + "gate_proj.weight", width, hidden),
                weights.load(prefix + "up_proj.weight", width, hidden),
                weights.load(prefix + "down_proj.weight", hidden, width));
    }

    @Override
    public void forward(Tensor x, Workspace ws, Tensor out) {
        Tensor gate = ws.f32("mlp.gate." + width, width); // [T, width]
        Tensor up = ws.f32("mlp.up." + width, width);     // [T, width]
        backend.linear(x, gateProj, gate);
        backend.linear(x, upProj, up);
        backend.siluMul(gate, up, gate);
        backend.linear(gate, downProj, out);
    }
}
