package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/** {@code bench-serve} drives a running server and reports the batching and prefix-cache gains (never asserted as speed). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchServeCommandTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties();
    }

    @Test
    void reportsTheBatchingAndPrefixCacheFiguresOfARunningServer() throws Exception {
        String key = onboarding.issueKey(onboarding.createTenant("bench-serve-" + UUID.randomUUID()), "t").secret().text();
        CliCapture run = CliCapture.run("bench-serve", "--url", "http://127.0.0.1:" + server.getPort(), "--key", key,
                "--streams", "2", "--gen-tokens", "64", "--prompt-words", "40", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = JSON.readTree(run.lastLine());
        assertThat(result.path("single_stream_tokens_per_s").asDouble()).isPositive();
        assertThat(result.path("concurrent_tokens_per_s").asDouble()).isPositive();
        assertThat(result.path("batching_gain").asDouble()).isCloseTo(
                result.path("concurrent_tokens_per_s").asDouble() / result.path("single_stream_tokens_per_s").asDouble(),
                withPercentage(2));
        assertThat(result.path("single_stream_decode_tokens_per_s").asDouble()).isPositive();
        assertThat(result.path("decode_batching_gain").asDouble()).isCloseTo(
                result.path("concurrent_decode_tokens_per_s").asDouble() / result.path("single_stream_decode_tokens_per_s").asDouble(),
                withPercentage(2));
        // 40 words of 5-6 letters plus spaces: over 200 byte-level tokens, so at least three 64-token blocks are reused
        assertThat(result.path("prompt_tokens").asInt()).isGreaterThan(200);
        assertThat(result.path("cached_prompt_tokens").asInt()).isEqualTo((result.path("prompt_tokens").asInt() - 1) / 64 * 64);
        assertThat(result.path("ttft_uncached_s").asDouble()).isPositive();
        assertThat(result.path("prefix_cache_gain").asDouble()).isPositive();
    }
}
