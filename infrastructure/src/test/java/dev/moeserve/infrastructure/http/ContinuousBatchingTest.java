package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.completion.CompletionService;
import dev.moeserve.application.engine.GenerationEngine;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.support.Http;
import dev.moeserve.infrastructure.support.TestDatabase;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine batches concurrent sequences into one decode step and refuses work beyond its capacity with 503. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContinuousBatchingTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;
    @Inject
    CompletionService completions;

    private Http http;
    private TenantOnboarding.IssuedKey key;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.max-batch", "2",
                "moeserve.queue-capacity", "0");
    }

    @BeforeAll
    void tenant() {
        http = new Http(server.getURI());
        key = onboarding.issueKey(onboarding.createTenant("batch-" + UUID.randomUUID()), "test");
    }

    private static String body(int maxTokens, boolean stream) {
        return "{\"model\":\"moeserve-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"ignore_eos\":true,\"stream\":" + stream + "}";
    }

    @Test
    void concurrentRequestsAreDecodedTogetherAndEachGetsItsOwnAnswer() throws Exception {
        String aloneShort = answer(http.post("/v1/chat/completions", key.secret().text(), body(60, false)));
        GenerationEngine engine = completions.engines().get("moeserve-demo");
        HttpResponse<String> longResponse;
        HttpResponse<String> shortResponse;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> longCall = pool.submit(() -> http.post("/v1/chat/completions", key.secret().text(), body(400, false)));
            // the short request joins only once the long one is decoding, and ends long before it: they must share steps
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (engine.activeSequences() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            shortResponse = http.post("/v1/chat/completions", key.secret().text(), body(60, false));
            longResponse = longCall.get();
        }
        assertThat(shortResponse.statusCode()).isEqualTo(200);
        assertThat(longResponse.statusCode()).isEqualTo(200);
        assertThat(answer(shortResponse)).as("batching must not change a greedy answer").isEqualTo(aloneShort);
        assertThat(answer(longResponse)).isNotEmpty();
        assertThat(engine.largestBatch()).isEqualTo(2);
    }

    private static String answer(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
    }

    @Test
    void metricsExposeQueueDepthRunningSequencesTokensAndTimeToFirstToken() {
        assertThat(http.post("/v1/chat/completions", key.secret().text(), body(4, false)).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = http.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("moeserve_queue_depth{backend=\"cpu\",model=\"moeserve-demo\"}")
                .contains("moeserve_active_sequences{backend=\"cpu\",model=\"moeserve-demo\"}")
                .containsPattern("moeserve_tokens_total\\{backend=\"cpu\",class=\"output\",model=\"moeserve-demo\"\\} [1-9]")
                .contains("moeserve_time_to_first_token_seconds_count{backend=\"cpu\",model=\"moeserve-demo\"}");
    }

    @Test
    void aRequestBeyondTheEnginesCapacityIs503AndWritesNothing() throws Exception {
        List<Socket> running = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                running.add(openStream(body(4000, true)));
            }
            long rowsBefore = ledgerRows();
            HttpResponse<String> refused = http.post("/v1/chat/completions", key.secret().text(), body(5, false));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("error").path("message").asText()).contains("Server Overloaded");
            assertThat(ledgerRows()).isEqualTo(rowsBefore);
        } finally {
            for (Socket s : running) {
                s.close();
            }
        }
        // the disconnected streams are cancelled at their next step, which frees their places
        long deadline = System.currentTimeMillis() + 30_000;
        while (completions.engines().get("moeserve-demo").activeSequences() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(completions.engines().get("moeserve-demo").activeSequences()).isZero();
        assertThat(http.post("/v1/chat/completions", key.secret().text(), body(2, false)).statusCode()).isEqualTo(200);
    }

    /** Starts a streamed completion and reads until its first token arrives, leaving it running. */
    private Socket openStream(String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key.secret().text() + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        int data = 0;
        for (String line = in.readLine(); line != null && data < 2; line = in.readLine()) {
            if (line.startsWith("data: ")) {
                data++;
            }
        }
        return socket;
    }

    private long ledgerRows() throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select count(*) from usage_ledger where api_key_id = ?")) {
            st.setObject(1, key.id().value());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
