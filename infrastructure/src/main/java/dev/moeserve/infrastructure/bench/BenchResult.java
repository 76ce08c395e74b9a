package dev.moeserve.infrastructure.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one {@code bench} run measured, in the field names of its JSON output.
 *
 * @param decodeBytesPerToken      weights and latent cache the decode steps read, per decoded token (each
 *                                 weight counted once per step however many sequences used it; each routed
 *                                 expert once per step however many tokens chose it)
 * @param distinctExpertsPerStep   routed experts read per MoE layer per decode step, on average
 * @param memoryBandwidthGbs       the best of the bandwidth probes: the ceiling the roofline is measured against
 * @param bandwidthProbesGbs       every probe (three before decoding, two after), so a run on a shared machine
 *                                 shows how far the available bandwidth moved while it ran
 * @param rooflineFraction         {@code decodeBytesPerToken * decodeTokensPerS / memoryBandwidth}
 * @param opMsPerStep              with {@code --profile-ops}: milliseconds per decode step of each compute-port
 *                                 op (products by weight shape), the slowest first; else empty
 */
public record BenchResult(String backend, String device, String dtype, int threads, int batch, int layers,
                          int promptTokens, int genTokens, double loadSeconds,
                          double prefillTokensPerS, double prefillGflops, double fmaPeakGflops,
                          double decodeTokensPerS, double decodeMsPerStep, double decodeBytesPerToken,
                          double decodeWeightBytesPerStep, double decodeCacheBytesPerStep,
                          double distinctExpertsPerStep, int routedExperts, int expertsPerToken,
                          double memoryBandwidthGbs, double[] bandwidthProbesGbs, double rooflineFraction,
                          Map<String, Double> opMsPerStep) {

    /** The JSON object {@code bench --json} prints. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", backend);
        m.put("device", device);
        m.put("dtype", dtype);
        m.put("threads", threads);
        m.put("batch", batch);
        m.put("layers", layers);
        m.put("prompt_tokens", promptTokens);
        m.put("gen_tokens", genTokens);
        m.put("load_seconds", round(loadSeconds, 2));
        m.put("prefill_tokens_per_s", round(prefillTokensPerS, 2));
        m.put("prefill_gflops", round(prefillGflops, 3)); // small models prefill well under 0.1
        m.put("fma_peak_gflops", round(fmaPeakGflops, 1));
        m.put("prefill_peak_fraction", round(prefillGflops / fmaPeakGflops, 3));
        m.put("decode_tokens_per_s", round(decodeTokensPerS, 2));
        m.put("decode_ms_per_step", round(decodeMsPerStep, 2));
        m.put("decode_bytes_per_token", Math.round(decodeBytesPerToken));
        m.put("decode_weight_bytes_per_step", Math.round(decodeWeightBytesPerStep));
        m.put("decode_cache_bytes_per_step", Math.round(decodeCacheBytesPerStep));
        m.put("distinct_experts_per_step", round(distinctExpertsPerStep, 1));
        m.put("routed_experts", routedExperts);
        m.put("experts_per_token", expertsPerToken);
        m.put("memory_bandwidth_gbs", round(memoryBandwidthGbs, 4));
        m.put("bandwidth_probes_gbs", Arrays.stream(bandwidthProbesGbs).map(v -> round(v, 1)).boxed().toList());
        m.put("roofline_fraction", round(rooflineFraction, 3));
        if (!opMsPerStep.isEmpty()) {
            m.put("op_ms_per_step", opMsPerStep);
        }
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
