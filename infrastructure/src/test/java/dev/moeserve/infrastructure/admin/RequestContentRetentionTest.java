package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresRequestContentStore;
import dev.moeserve.infrastructure.support.TestDatabase;
import dev.moeserve.infrastructure.support.TestServer;
import dev.moeserve.infrastructure.tokenizer.DemoTokenizerWriter;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant request-content retention over HTTP against the real embedded PostgreSQL: nothing is
 * stored by default; a tenant with a retention period gets each request's prompt, messages and
 * completion stored with its ledger row; the setting is admin-only and audited; admins and auditors
 * read the content back a page at a time.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestContentRetentionTest implements TestPropertyProvider {
    private static final String MODEL = "retention-demo";

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;
    @Inject
    UsageLedger ledger;
    @Inject
    PostgresRequestContentStore contents;

    private AdminHttp http;
    private String admin;
    private String auditor;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void operators() {
        http = new AdminHttp(server.getURI());
        admin = credentials.issue("retention-admin-" + UUID.randomUUID(), "admin");
        auditor = credentials.issue("retention-auditor-" + UUID.randomUUID(), "auditor");
    }

    @Test
    void byDefaultARequestIsMeteredButItsContentIsNotStored() throws Exception {
        String tenant = createTenant("{}");
        assertThat(http.get("/admin/tenants/" + tenant, auditor).json().path("content_retention_days").isNull()).isTrue();
        String key = issueKey(tenant).path("key").asText();

        String chat = completionId(http.post("/v1/chat/completions", key, chat("Hello")));
        String text = completionId(http.post("/v1/completions", key, text("Once")));

        assertThat(count("select count(*) from usage_ledger where request_id in (?, ?)", chat, text)).isEqualTo(2);
        assertThat(count("select count(*) from request_content where request_id in (?, ?)", chat, text)).isZero();
        assertThat(count("select count(*) from request_content where tenant_id = ?", UUID.fromString(tenant))).isZero();
        assertThat(http.get("/admin/tenants/" + tenant + "/content", admin).json().path("data")).isEmpty();
    }

    @Test
    void withRetentionOnThePromptMessagesAndCompletionAreStoredUntilThePeriodEnds() throws Exception {
        String tenant = createTenant("{}");
        AdminHttp.Reply set = http.post("/admin/tenants/" + tenant + "/content-retention", admin, "{\"days\":30}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().path("content_retention_days").asInt()).isEqualTo(30);
        String key = issueKey(tenant).path("key").asText();

        AdminHttp.Reply chatReply = http.post("/v1/chat/completions", key, chat("Hello"));
        String chat = completionId(chatReply);
        String answer = chatReply.json().path("choices").get(0).path("message").path("content").asText();
        AdminHttp.Reply textReply = http.post("/v1/completions", key, text("Once"));
        String text = completionId(textReply);

        Stored stored = stored(chat);
        assertThat(stored.tenant()).isEqualTo(UUID.fromString(tenant));
        assertThat(stored.model()).isEqualTo(MODEL);
        assertThat(stored.prompt()).as("the prompt as the model saw it: rendered by the chat template")
                .isEqualTo(DemoTokenizerWriter.BOS + DemoTokenizerWriter.USER + "Hello" + DemoTokenizerWriter.ASSISTANT);
        JsonNode messages = AdminHttp.JSON.readTree(stored.messages());
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Hello");
        assertThat(stored.completion()).isEqualTo(answer);
        assertThat(Duration.between(stored.createdAt(), stored.purgeAfter())).isEqualTo(Duration.ofDays(30));
        assertThat(stored.createdAt()).isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
        assertThat(count("select count(*) from usage_ledger where request_id = ?", chat)).isEqualTo(1);

        Stored storedText = stored(text);
        assertThat(storedText.prompt()).isEqualTo("Once");
        assertThat(storedText.messages()).isNull();
        assertThat(storedText.completion()).isEqualTo(textReply.json().path("choices").get(0).path("text").asText());

        AdminHttp.Reply listing = http.get("/admin/tenants/" + tenant + "/content", auditor);
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        JsonNode data = listing.json().path("data");
        assertThat(data.findValuesAsText("request_id")).as("newest first").containsExactly(text, chat);
        assertThat(data.get(0).path("messages").isNull()).isTrue();
        assertThat(data.get(0).path("prompt").asText()).isEqualTo("Once");
        assertThat(data.get(1).path("messages").get(0).path("content").asText()).isEqualTo("Hello");
        assertThat(data.get(1).path("completion").asText()).isEqualTo(answer);
        assertThat(data.get(1).path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(Instant.parse(data.get(1).path("purge_after").asText())).isEqualTo(stored.purgeAfter());
        assertThat(listing.json().path("has_more").asBoolean()).isFalse();
    }

    @Test
    void turningRetentionOffStopsStoringButWhatWasStoredKeepsItsPurgeTime() throws Exception {
        String tenant = createTenant("{\"content_retention_days\":7}");
        assertThat(http.get("/admin/tenants/" + tenant, admin).json().path("content_retention_days").asInt()).isEqualTo(7);
        String key = issueKey(tenant).path("key").asText();
        String before = completionId(http.post("/v1/chat/completions", key, chat("Hello")));

        AdminHttp.Reply off = http.post("/admin/tenants/" + tenant + "/content-retention", admin, "{\"days\":null}");
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().path("content_retention_days").isNull()).isTrue();
        String after = completionId(http.post("/v1/chat/completions", key, chat("Hello")));

        assertThat(count("select count(*) from request_content where request_id = ?", after)).isZero();
        Stored kept = stored(before);
        assertThat(Duration.between(kept.createdAt(), kept.purgeAfter())).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void onlyAnAdminMaySetRetentionAndEachChangeIsAuditedWithItsBeforeAndAfter() throws Exception {
        String tenant = createTenant("{}");
        AdminHttp.Reply refused = http.post("/admin/tenants/" + tenant + "/content-retention", auditor, "{\"days\":30}");
        assertThat(refused.status()).isEqualTo(403);
        AdminApiTest.assertError(refused, "permission_error");
        assertThat(http.get("/admin/tenants/" + tenant, admin).json().path("content_retention_days").isNull()).isTrue();
        assertThat(auditRows(tenant)).isEmpty();

        assertThat(http.post("/admin/tenants/" + tenant + "/content-retention", admin, "{\"days\":30}").status()).isEqualTo(200);
        assertThat(http.post("/admin/tenants/" + tenant + "/content-retention", admin, "{\"days\":null}").status()).isEqualTo(200);

        List<String[]> rows = auditRows(tenant);
        assertThat(rows).hasSize(2);
        assertThat(AdminHttp.JSON.readTree(rows.get(0)[0]).path("content_retention_days").isNull()).isTrue();
        assertThat(AdminHttp.JSON.readTree(rows.get(0)[1]).path("content_retention_days").asInt()).isEqualTo(30);
        assertThat(AdminHttp.JSON.readTree(rows.get(1)[0]).path("content_retention_days").asInt()).isEqualTo(30);
        assertThat(AdminHttp.JSON.readTree(rows.get(1)[1]).path("content_retention_days").isNull()).isTrue();
    }

    @Test
    void aRetentionPeriodOutsideOneDayToTenYearsOrNotAWholeNumberIs400() {
        String tenant = createTenant("{}");
        String path = "/admin/tenants/" + tenant + "/content-retention";
        for (String body : List.of("{\"days\":0}", "{\"days\":3651}", "{\"days\":-5}", "{\"days\":\"30\"}", "{\"days\":1.5}")) {
            AdminApiTest.assertInvalid(http.post(path, admin, body), "days");
        }
        AdminHttp.Reply missing = http.post(path, admin, "{}");
        AdminApiTest.assertInvalid(missing, "days");
        assertThat(missing.json().path("error").path("code").asText()).isEqualTo("missing_required_parameter");
        AdminApiTest.assertInvalid(http.post("/admin/tenants", admin,
                "{\"name\":\"r-" + UUID.randomUUID() + "\",\"content_retention_days\":0}"), "content_retention_days");
        assertThat(http.get("/admin/tenants/" + tenant, admin).json().path("content_retention_days").isNull()).isTrue();
        assertThat(http.post(path, admin, "{\"days\":3650}").json().path("content_retention_days").asInt()).isEqualTo(3650);
        assertThat(http.post("/admin/tenants/" + UUID.randomUUID() + "/content-retention", admin, "{\"days\":1}").status())
                .isEqualTo(404);
        assertThat(http.get("/admin/tenants/" + UUID.randomUUID() + "/content", auditor).status()).isEqualTo(404);
    }

    @Test
    void theListingPagesNewestFirstAndNeverShowsContentPastItsPurgeTime() {
        String tenant = createTenant("{}");
        JsonNode key = issueKey(tenant);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String expired = storeWithLedgerRow(tenant, key, now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        List<String> fresh = new ArrayList<>();
        for (int i = 3; i >= 1; i--) {
            fresh.add(storeWithLedgerRow(tenant, key, now.minusSeconds(i * 60L), now.plus(Duration.ofDays(5))));
        }

        JsonNode first = http.get("/admin/tenants/" + tenant + "/content?limit=2", admin).json();
        JsonNode second = http.get("/admin/tenants/" + tenant + "/content?limit=2&page=2", admin).json();

        assertThat(first.path("data").findValuesAsText("request_id")).containsExactly(fresh.get(2), fresh.get(1));
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(second.path("data").findValuesAsText("request_id")).containsExactly(fresh.get(0));
        assertThat(second.path("has_more").asBoolean()).isFalse();
        assertThat(first.toString() + second).doesNotContain(expired);
        AdminApiTest.assertInvalid(http.get("/admin/tenants/" + tenant + "/content?limit=0", admin), "limit");
    }

    /** A ledger row and its content, as a completion of a retaining tenant would leave them. */
    private String storeWithLedgerRow(String tenant, JsonNode key, Instant created, Instant purgeAfter) {
        String requestId = "content-" + UUID.randomUUID();
        TenantId tenantId = new TenantId(UUID.fromString(tenant));
        ledger.append(new UsageRecord(requestId, tenantId, new ApiKeyId(UUID.fromString(key.path("id").asText())), MODEL,
                "cpu", new TokenCounts(3, 0, 1), UsageStatus.COMPLETED, created, created,
                ChargeSummary.unpriced(java.util.Currency.getInstance("USD"))));
        contents.store(new RequestContent(requestId, tenantId, MODEL, Optional.empty(), "prompt of " + requestId, "answer",
                created, purgeAfter));
        return requestId;
    }

    private String createTenant(String extraFields) {
        String body = "{\"name\":\"retention-" + UUID.randomUUID() + "\"" + (extraFields.equals("{}") ? "}" : "," + extraFields.substring(1));
        AdminHttp.Reply reply = http.post("/admin/tenants", admin, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    private JsonNode issueKey(String tenant) {
        AdminHttp.Reply reply = http.post("/admin/tenants/" + tenant + "/keys", admin, "{}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static String completionId(AdminHttp.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("id").asText();
    }

    private static String chat(String content) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}],"
                + "\"max_tokens\":3,\"temperature\":0}";
    }

    private static String text(String prompt) {
        return "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt + "\",\"max_tokens\":3,\"temperature\":0}";
    }

    private record Stored(UUID tenant, String model, String messages, String prompt, String completion, Instant createdAt,
                          Instant purgeAfter) {
    }

    private static Stored stored(String requestId) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select tenant_id, model, messages, prompt, completion, created_at, purge_after from request_content where request_id = ?")) {
            st.setString(1, requestId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("content of " + requestId + " stored").isTrue();
                return new Stored(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
            }
        }
    }

    /** Before and after values of the tenant's content-retention audit rows, oldest first. */
    private static List<String[]> auditRows(String tenant) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select before_value, after_value from admin_audit_log where target = ? and action = 'tenant.content_retention'"
                        + " order by seq")) {
            st.setString(1, "tenant:" + tenant);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            return rows;
        }
    }

    private static long count(String sql, Object... params) throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
