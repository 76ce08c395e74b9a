package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant isolation walk: tenant A's API key tries every tenant-facing endpoint and every admin
 * endpoint, naming tenant B wherever a request can name anything, and learns nothing of B: not its
 * id, name, keys, requests or balance, and changes nothing of B's.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest implements TestPropertyProvider {
    private static final String MODEL = "isolation-demo";
    /** B's credit, a figure no other balance here has, so finding it in a body would mean B leaked. */
    private static final String B_CREDIT = "7.654321";

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;

    private AdminHttp http;
    private String admin;
    private Tenant a;
    private Tenant b;

    /** What identifies a tenant and its data. */
    private record Tenant(String id, String name, String key, String keyId, String keyPrefix, List<String> requestIds) {
        /** Every string of this tenant that must never appear in another tenant's responses. */
        List<String> secrets() {
            List<String> all = new ArrayList<>(List.of(id, name, key, keyId, keyPrefix));
            all.addAll(requestIds);
            return all;
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void twoTenantsWithUsageAndCredit() {
        http = new AdminHttp(server.getURI());
        admin = credentials.issue("isolation-" + UUID.randomUUID(), "admin");
        assertThat(http.post("/admin/prices", admin, AdminApiTest.price(MODEL, "0.5", "1", "10", null)).status()).isEqualTo(201);
        a = tenant("isolation-a-" + UUID.randomUUID(), "1");
        b = tenant("isolation-b-" + UUID.randomUUID(), B_CREDIT);
    }

    private Tenant tenant(String name, String credit) {
        String id = http.post("/admin/tenants", admin, "{\"name\":\"" + name + "\"}").json().path("id").asText();
        JsonNode key = http.post("/admin/tenants/" + id + "/keys", admin, "{\"label\":\"" + name + "\"}").json();
        http.post("/admin/tenants/" + id + "/credits", admin,
                "{\"amount\":\"" + credit + "\",\"currency\":\"USD\",\"kind\":\"topped_up\"}");
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            AdminHttp.Reply reply = http.post("/v1/chat/completions", key.path("key").asText(), chat(""));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            requests.add(reply.json().path("id").asText());
        }
        return new Tenant(id, name, key.path("key").asText(), key.path("id").asText(), key.path("prefix").asText(), requests);
    }

    @Test
    void tenantAsKeyReadsOnlyItsOwnUsageWhateverTheQueryNames() {
        for (String path : List.of("/v1/usage", "/usage", "/v1/usage?limit=100", "/v1/usage?tenant=" + b.id(),
                "/v1/usage?tenant_id=" + b.id(), "/v1/usage?page=1&limit=100&tenant=" + b.id() + "&api_key_id=" + b.keyId())) {
            AdminHttp.Reply reply = http.get(path, a.key());
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertRevealsNothingOfB(reply, path);
            List<String> ids = reply.json().path("data").findValuesAsText("request_id");
            assertThat(ids).as(path).containsAll(a.requestIds());
            assertThat(reply.json().path("data").findValuesAsText("tenant_id")).as(path).containsOnly(a.id());
        }
    }

    @Test
    void tenantAsKeyReadsOnlyItsOwnBalance() {
        for (String path : List.of("/v1/balance", "/user/balance", "/v1/balance?tenant=" + b.id())) {
            AdminHttp.Reply reply = http.get(path, a.key());
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertRevealsNothingOfB(reply, path);
            assertThat(reply.body()).as(path).doesNotContain("7.65");
        }
    }

    @Test
    void theModelListRevealsNoTenant() {
        AdminHttp.Reply reply = http.get("/v1/models", a.key());
        assertThat(reply.status()).isEqualTo(200);
        assertRevealsNothingOfB(reply, "/v1/models");
    }

    @Test
    void aChatCompletionNamingTenantBIsMeteredAndChargedToTenantA() {
        List<String> bRowsBefore = ledgerRequestIds(b);
        String bBalanceBefore = http.get("/admin/tenants/" + b.id(), admin).json().path("balances").toString();

        AdminHttp.Reply reply = http.post("/v1/chat/completions", a.key(), chat(",\"user\":\"" + b.id() + "\""));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertRevealsNothingOfB(reply, "/v1/chat/completions");
        assertThat(ledgerRequestIds(a)).contains(reply.json().path("id").asText());
        assertThat(ledgerRequestIds(b)).isEqualTo(bRowsBefore);
        assertThat(http.get("/admin/tenants/" + b.id(), admin).json().path("balances").toString()).isEqualTo(bBalanceBefore);
    }

    @Test
    void aTextCompletionAndAStreamedChatNamingTenantBAreMeteredToTenantA() {
        List<String> bRowsBefore = ledgerRequestIds(b);
        AdminHttp.Reply text = http.post("/v1/completions", a.key(), "{\"model\":\"" + MODEL + "\",\"prompt\":\"Hello\","
                + "\"max_tokens\":2,\"temperature\":0,\"user\":\"" + b.id() + "\"}");
        AdminHttp.Reply streamed = http.post("/v1/chat/completions", a.key(),
                chat(",\"stream\":true,\"user\":\"" + b.id() + "\""));

        assertThat(text.status()).as(text.toString()).isEqualTo(200);
        assertThat(streamed.status()).as(streamed.toString()).isEqualTo(200);
        assertRevealsNothingOfB(text, "/v1/completions");
        assertRevealsNothingOfB(streamed, "/v1/chat/completions with stream");
        assertThat(ledgerRequestIds(a)).contains(text.json().path("id").asText());
        assertThat(ledgerRequestIds(b)).isEqualTo(bRowsBefore);
    }

    @Test
    void everyAdminEndpointRefusesTenantAsKeyAndRevealsAndChangesNothingOfB() {
        String bBefore = http.get("/admin/tenants/" + b.id(), admin).body();
        String bKeysBefore = http.get("/admin/tenants/" + b.id() + "/keys", admin).body();
        List<AdminApiTest.Call> calls = new ArrayList<>(AdminApiTest.allCalls(b.id()));
        calls.add(new AdminApiTest.Call("POST", "/admin/tenants/" + b.id() + "/keys/" + b.keyId() + "/revoke", null, true));
        calls.add(new AdminApiTest.Call("GET", "/admin/usage?tenant=" + b.id() + "&limit=1000", null, false));
        calls.add(new AdminApiTest.Call("POST", "/admin/prices/preview",
                "{\"model\":\"" + MODEL + "\",\"tenant\":\"" + b.id() + "\",\"completion_tokens\":1}", false));

        for (AdminApiTest.Call call : calls) {
            AdminHttp.Reply reply = http.send(call.method(), call.path(), a.key(), call.body());
            assertThat(reply.status()).as(call.toString()).isIn(401, 403);
            AdminApiTest.assertError(reply, reply.status() == 401 ? "authentication_error" : "permission_error");
            assertRevealsNothingOfB(reply, call.toString());
        }

        assertThat(http.get("/admin/tenants/" + b.id(), admin).body()).isEqualTo(bBefore);
        assertThat(http.get("/admin/tenants/" + b.id() + "/keys", admin).body()).isEqualTo(bKeysBefore);
        assertThat(http.get("/v1/models", b.key()).status()).as("B's key still works").isEqualTo(200);
    }

    private void assertRevealsNothingOfB(AdminHttp.Reply reply, String what) {
        for (String secret : b.secrets()) {
            assertThat(reply.body()).as(what + " must not reveal " + secret).doesNotContain(secret);
        }
    }

    private List<String> ledgerRequestIds(Tenant tenant) {
        return http.get("/admin/usage?limit=1000&tenant=" + tenant.id(), admin).json().path("data").findValuesAsText("request_id");
    }

    private static String chat(String extra) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":2,"
                + "\"temperature\":0" + extra + "}";
    }
}
