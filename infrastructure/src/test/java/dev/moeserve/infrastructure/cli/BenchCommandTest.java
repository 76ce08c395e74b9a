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
        Path model = dir.resolve("tiny");
        assertThat(CliCapture.run("generate-model", "--preset", "tiny", "--layers", "2", "--dtype", "fp8",
                "--out", model.toString()).exitCode()).isZero();
        CliCapture run = CliCapture.run("bench", "--model", model.toString(), "--threads", "2", "--prompt-tokens",
                "8", "--gen-tokens", "3", "--batch", "3", "--probe-mib", "64", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bench: ");
        JsonNode result = JSON.readTree(run.lastLine());
        for (String field : new String[] {"prefill_tokens_per_s", "decode_tokens_per_s", "decode_bytes_per_token",
                "memory_bandwidth_gbs", "roofline_fraction", "prefill_gflops", "fma_peak_gflops",
                "distinct_experts_per_step"}) {
            assertThat(result.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(result.get("backend").asText()).isEqualTo("cpu");
        assertThat(result.get("dtype").asText()).isEqualTo("fp8");
        assertThat(result.get("threads").asInt()).isEqualTo(2);
        assertThat(result.get("batch").asInt()).isEqualTo(3);
        // 3 tokens choosing 4 of 16 experts touch between 4 and 12 distinct experts per layer
        assertThat(result.get("distinct_experts_per_step").asDouble()).isBetween(4.0, 12.0);
        double roofline = result.get("decode_bytes_per_token").asDouble() * result.get("decode_tokens_per_s").asDouble()
                / (result.get("memory_bandwidth_gbs").asDouble() * 1e9);
        // the printed inputs are rounded, so the recomputed fraction agrees only to within their rounding
        assertThat(result.get("roofline_fraction").asDouble()).isCloseTo(roofline, org.assertj.core.data.Percentage.withPercentage(5));
    }
}
