package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.RoutingRule;
import dev.moeserve.domain.compute.Tensor;

/** The MoE router of one layer: scores every routed expert for every token and picks the top-k. */
final class Gate {
    private final ComputeBackend backend;
    private final RoutingRule rule;
    private final Tensor weight; // [n_routed_experts, hidden]
    private final Tensor bias;   // [n_routed_experts] e_score_correction_bias; null unless the rule uses it

    Gate(ComputeBackend backend, RoutingRule rule, Tensor weight, Tensor bias) {
        this.backend = backend;
        this.rule = rule;
        this.weight = weight;
        this.bias = bias;
    }

    static Gate load(WeightLoader weights, ComputeBackend backend, ModelConfig config, String prefix) {
        RoutingRule rule = config.routingRule();
        int experts = config.nRoutedExperts();
        Tensor weight = weights.load(prefix + "weight", experts, config.hiddenSize());
        Tensor bias = null;
        if (rule.usesBias()) {
            String name = prefix + "e_score_correction_bias";
            bias = weights.loadIfPresent(name, experts).orElseThrow(() -> new ModelLoadException(
                    "topk_method noaux_tc needs tensor " + name + ", which the checkpoint lacks"));
        }
        return new Gate(backend, rule, weight, bias);
    }

    /**
     * @param x [T, hidden]
     */
    Routing route(Tensor x, Workspace ws) {
        Routing routing = new Routing(ws.f32("gate.weights", rule.topK()), ws.i32("gate.ids", rule.topK()));
        backend.route(x, weight, bias, rule, routing.weights(), routing.expertIds());
        return routing;
    }
}
