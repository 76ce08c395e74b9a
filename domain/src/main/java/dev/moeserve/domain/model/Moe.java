package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.Tensor;

/**
 * A mixture-of-experts layer: the gate picks {@code num_experts_per_tok} routed experts per token, whose
 * outputs are summed with the routing weights, plus the shared experts, which every token passes
 * through unweighted. Only the chosen experts are computed.
 */
final class Moe implements FeedForward {
    private final ComputeBackend backend;
    private final Gate gate;
    private final int topK;
    private final int hidden;
    private final int width;
    private final Tensor expertGate; // [n_routed_experts, moe_intermediate, hidden]
    private final Tensor expertUp;   // [n_routed_experts, moe_intermediate, hidden]
    private final Tensor expertDown; // [n_routed_experts, hidden, moe_intermediate]
    private final Expert shared;     // width n_shared_experts * moe_intermediate; null without shared experts

    private Moe(ComputeBackend backend, Gate gate, int topK, int hidden, int width, Tensor expertGate,
                Tensor expertUp, Tensor expertDown, Expert shared) {
        this.backend = backend;
        this.gate = gate;
        this.topK = topK;
        this.hidden = hidden;
        this.width = width;
        this.expertGate = expertGate;
        this.expertUp = expertUp;
        this.expertDown = expertDown;
        this.shared = shared;
    }

    static Moe load(WeightLoader weights, ComputeBackend backend, ModelConfig config, String prefix) {
        int hidden = config.hiddenSize();
        int width = config.moeIntermediateSize();
        int experts = config.nRoutedExperts();
        Gate gate = Gate.load(weights, backend, config, prefix + "gate.");
        Tensor gateProj = weights.loadExperts(prefix + "experts.", experts, ".gate_proj.weight", width, hidden);
        Tensor upProj = weights.loadExperts(prefix + "experts.", experts, ".up_proj.weight", width, hidden);
        Tensor downProj = weights.loadExperts(prefix + "experts.", experts, ".down_proj.weight", hidden, width);
        Expert shared = config.nSharedExperts() == 0 ? null
                : Expert.load(weights, backend, prefix + "shared_experts.", hidden, config.nSharedExperts() * width);
        return new Moe(backend, gate, config.numExpertsPerTok(), hidden, width, gateProj, upProj, downProj, shared);
    }

    @Override
    public void forward(Tensor x, Workspace ws, Tensor out) {
        Routing routing = gate.route(x, ws);
        Tensor gated = ws.f32("moe.gate", topK, width);  // [T, k, moe_intermediate]
        Tensor up = ws.f32("moe.up", topK, width);       // [T, k, moe_intermediate]
        Tensor down = ws.f32("moe.down", topK, hidden);  // [T, k, hidden]
        backend.groupedExpertGemm(x, expertGate, routing.expertIds(), gated);
        backend.groupedExpertGemm(x, expertUp, routing.expertIds(), up);
        backend.siluMul(gated, up, gated);
        backend.groupedExpertGemm(gated, expertDown, routing.expertIds(), down);
        Tensor sharedOut = null;
        if (shared != null) {
            sharedOut = out; // the combine may accumulate onto the shared output in place
            shared.forward(x, ws, sharedOut);
        }
        backend.moeCombine(down, routing.weights(), sharedOut, out);
    }
}
