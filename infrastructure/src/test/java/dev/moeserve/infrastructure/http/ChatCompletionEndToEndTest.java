package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
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

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One metered request end to end: HTTP -> application -> domain forward pass on the CPU backend
 * -> PostgreSQL ledger (a real embedded server), and every refusal writing nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatCompletionEndToEndTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = """
            {"model":"moeserve-demo","messages":[{"role":"user","content":"Hello"}],"max_tokens":5,"temperature":0}""";

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;
    @Inject
    PostgresTenantDirectory directory;

    private Http http;
    private TenantOnboarding.IssuedKey key;
    private TenantOnboarding.IssuedKey otherTenantKey;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("micronaut.server.max-request-size", "65536");
    }

    @BeforeAll
    void createTenants() {
        http = new Http(server.getURI());
        key = onboarding.issueKey(onboarding.createTenant("e2e-" + UUID.randomUUID()), "test");
        otherTenantKey = onboarding.issueKey(onboarding.createTenant("e2e-other-" + UUID.randomUUID()), "test");
    }

    @Test
    void chatCompletionRunsTheModelAndAppendsOneLedgerRow() throws Exception {
        long before = ledgerRows(key);
        HttpResponse<String> response = http.post("/v1/chat/completions", key.secret().text(), BODY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("moeserve-demo");
        assertThat(body.path("choices").get(0).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isIn("stop", "length");
        JsonNode usage = body.path("usage");
        // BOS + <User> + 5 bytes of "Hello" + <Assistant> with the demo byte-level tokenizer
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(8);
        assertThat(usage.path("completion_tokens").asInt()).isBetween(0, 5);
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());

        assertThat(ledgerRows(key)).isEqualTo(before + 1);
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select tenant_id, api_key_id, model, backend, prompt_tokens, completion_tokens, status, started_at <= finished_at "
                        + "from usage_ledger where request_id = ?")) {
            st.setString(1, body.path("id").asText());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1)).isEqualTo(key.tenant().value());
                assertThat(rs.getObject(2)).isEqualTo(key.id().value());
                assertThat(rs.getString(3)).isEqualTo("moeserve-demo");
                assertThat(rs.getString(4)).isEqualTo("cpu");
                assertThat(rs.getInt(5)).isEqualTo(usage.path("prompt_tokens").asInt());
                assertThat(rs.getInt(6)).isEqualTo(usage.path("completion_tokens").asInt());
                assertThat(rs.getString(7)).isEqualTo("completed");
                assertThat(rs.getBoolean(8)).isTrue();
            }
        }
    }

    @Test
    void greedyDecodingIsDeterministic() throws Exception {
        String a = JSON.readTree(http.post("/v1/chat/completions", key.secret().text(), BODY).body())
                .path("choices").get(0).path("message").path("content").asText();
        String b = JSON.readTree(http.post("/chat/completions", key.secret().text(), BODY).body())
                .path("choices").get(0).path("message").path("content").asText();
        assertThat(b).isEqualTo(a);
    }

    @Test
    void usageListsTheCallersOwnRowsNewestFirst() throws Exception {
        JsonNode first = JSON.readTree(http.post("/v1/chat/completions", key.secret().text(), BODY).body());
        JsonNode second = JSON.readTree(http.post("/v1/chat/completions", key.secret().text(), BODY).body());

        JsonNode page = JSON.readTree(http.get("/v1/usage?limit=2", key.secret().text()).body());
        assertThat(page.path("data")).hasSize(2);
        assertThat(page.path("data").get(0).path("request_id").asText()).isEqualTo(second.path("id").asText());
        assertThat(page.path("data").get(1).path("request_id").asText()).isEqualTo(first.path("id").asText());
        assertThat(page.path("data").get(0).path("total_tokens").asInt())
                .isEqualTo(second.path("usage").path("total_tokens").asInt());

        JsonNode other = JSON.readTree(http.get("/v1/usage", otherTenantKey.secret().text()).body());
        assertThat(other.path("data")).isEmpty();
    }

    @Test
    void modelsListsTheDemoModel() throws Exception {
        HttpResponse<String> response = http.get("/v1/models", key.secret().text());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("moeserve-demo");
    }

    @Test
    void missingKeyIs401AndWritesNothing() throws Exception {
        assertRefused(() -> http.post("/v1/chat/completions", null, BODY), 401, "authentication_error");
    }

    @Test
    void wrongKeyIs401AndWritesNothing() throws Exception {
        assertRefused(() -> http.post("/v1/chat/completions", "sk-ms-not-a-real-key", BODY), 401, "authentication_error");
    }

    @Test
    void revokedKeyIs401OnItsNextRequest() throws Exception {
        TenantOnboarding.IssuedKey doomed = onboarding.issueKey(key.tenant(), "to revoke");
        assertThat(http.get("/v1/models", doomed.secret().text()).statusCode()).isEqualTo(200);
        directory.revokeKey(doomed.id());
        assertRefused(() -> http.post("/v1/chat/completions", doomed.secret().text(), BODY), 401, "authentication_error");
    }

    @Test
    void malformedJsonIs400AndWritesNothing() throws Exception {
        assertRefused(() -> http.post("/v1/chat/completions", key.secret().text(), "{\"model\": \"moeserve-demo\", "),
                400, "invalid_request_error");
    }

    @Test
    void missingMessagesIs400AndWritesNothing() throws Exception {
        HttpResponse<String> response = assertRefused(
                () -> http.post("/v1/chat/completions", key.secret().text(), "{\"model\":\"moeserve-demo\"}"),
                400, "invalid_request_error");
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("messages");
    }

    @Test
    void unknownModelIs404AndWritesNothing() throws Exception {
        HttpResponse<String> response = assertRefused(() -> http.post("/v1/chat/completions", key.secret().text(),
                BODY.replace("moeserve-demo", "gpt-17")), 404, "invalid_request_error");
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void bodyOverTheLimitIs413AndWritesNothing() throws Exception {
        String huge = BODY.replace("Hello", "x".repeat(100_000));
        assertRefused(() -> http.post("/v1/chat/completions", key.secret().text(), huge), 413, "invalid_request_error");
    }

    /** Sends the request and checks the refusal: status, OpenAI error shape, and no new ledger row. */
    private HttpResponse<String> assertRefused(Supplier<HttpResponse<String>> call, int status, String type) throws Exception {
        long before = totalLedgerRows();
        HttpResponse<String> response = call.get();
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.has("code")).isTrue();
        assertThat(totalLedgerRows()).isEqualTo(before);
        return response;
    }

    private static long ledgerRows(TenantOnboarding.IssuedKey k) throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement st = c.prepareStatement("select count(*) from usage_ledger where api_key_id = ?")) {
            st.setObject(1, k.id().value());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long totalLedgerRows() throws Exception {
        try (Connection c = TestDatabase.connect();
             PreparedStatement st = c.prepareStatement("select count(*) from usage_ledger");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
