package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench command's output contract; speed itself is never asserted. */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void printsOneJsonObjectWithTheRooflineFieldsAndProgressOnStderr() throws IOException {
        Path model = tinyModel("fp8");
        CliCapture run = CliCapture.run("bench", "--model", model.toString(), "--threads", "2", "--prompt-tokens",
                "8", "--gen-tokens", "3", "--batch", "3", "--probe-mib", "64", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bench: ");
        JsonNode result = JSON.readTree(run.lastLine());
        for (String field : new String[] {"prefill_tokens_per_s", "decode_tokens_per_s", "decode_bytes_per_token",
                "memory_bandwidth_gbs", "roofline_fraction", "prefill_gflops", "fma_peak_gflops",
                "distinct_experts_per_step"}) {
            assertThat(result.get(field).asDouble()).as(field + " in " + result).isPositive();
        }
        assertThat(result.get("backend").asText()).isEqualTo("cpu");
        assertThat(result.get("dtype").asText()).isEqualTo("fp8");
        assertThat(result.get("threads").asInt()).isEqualTo(2);
        assertThat(result.get("batch").asInt()).isEqualTo(3);
        // 3 tokens choosing 4 of 16 experts touch between 4 and 12 distinct experts per layer
        assertThat(result.get("distinct_experts_per_step").asDouble()).isBetween(4.0, 12.0);
        // five probes (three before decoding, two after); the roofline's ceiling is the best of them
        JsonNode probes = result.get("bandwidth_probes_gbs");
        assertThat(probes.size()).isEqualTo(5);
        double best = 0;
        for (JsonNode probe : probes) {
            assertThat(probe.asDouble()).isPositive();
            best = Math.max(best, probe.asDouble());
        }
        assertThat(result.get("memory_bandwidth_gbs").asDouble()).isCloseTo(best, org.assertj.core.data.Offset.offset(0.06));
        double roofline = result.get("decode_bytes_per_token").asDouble() * result.get("decode_tokens_per_s").asDouble()
                / (result.get("memory_bandwidth_gbs").asDouble() * 1e9);
        // the printed inputs are rounded, so the recomputed fraction agrees only to within their rounding
        // (a tiny model's fraction is far below 0.01, where the printed 3 decimals are the coarser bound)
        assertThat(Math.abs(result.get("roofline_fraction").asDouble() - roofline)).isLessThanOrEqualTo(Math.max(0.05 * roofline, 0.0006));
        assertThat(result.has("op_ms_per_step")).as("only with --profile-ops").isFalse();
    }

    @Test
    void profileOpsReportsTheTimeOfEachOpOfADecodeStepSlowestFirst() throws IOException {
        Path model = tinyModel("bf16");
        CliCapture run = CliCapture.run("bench", "--model", model.toString(), "--threads", "2", "--prompt-tokens",
                "4", "--gen-tokens", "3", "--batch", "2", "--probe-mib", "16", "--profile-ops", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.lastLine());
        JsonNode ops = result.get("op_ms_per_step");
        assertThat(ops).as(run.lastLine()).isNotNull();
        java.util.List<String> names = new java.util.ArrayList<>();
        ops.fieldNames().forEachRemaining(names::add);
        // the products are told apart by weight shape; a batched step also routes, attends and combines experts
        assertThat(names).anyMatch(n -> n.matches("linear \\[\\d+, \\d+]"))
                .anyMatch(n -> n.matches("groupedExpertGemm \\[\\d+, \\d+, \\d+]"))
                .contains("mlaAttention", "route", "moeCombine", "rmsNorm");
        double previous = Double.MAX_VALUE;
        double total = 0;
        for (String name : names) {
            double ms = ops.get(name).asDouble();
            assertThat(ms).as(name).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(previous);
            previous = ms;
            total += ms;
        }
        // the ops run inside the decode steps: together no longer than a step (each printed value rounded to 0.01)
        assertThat(total).isPositive().isLessThanOrEqualTo(
                result.get("decode_ms_per_step").asDouble() + 0.01 * names.size());
    }

    /** A 2-layer checkpoint of the tiny preset in {@code dtype}. */
    private Path tinyModel(String dtype) {
        Path model = dir.resolve("tiny");
        assertThat(CliCapture.run("generate-model", "--preset", "tiny", "--layers", "2", "--dtype", dtype,
                "--out", model.toString()).exitCode()).isZero();
        return model;
    }
}
