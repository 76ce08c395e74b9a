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

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A new price version set through the admin API prices the next request and never the rows before it. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceHistoryTest implements TestPropertyProvider {
    private static final String MODEL = "admin-history-demo";
    private static final String BODY = """
            {"model":"admin-history-demo","messages":[{"role":"user","content":"Hello"}],"max_tokens":2,"temperature":0}""";

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;

    private AdminHttp http;
    private String admin;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void operator() {
        http = new AdminHttp(server.getURI());
        admin = credentials.issue("price-history-" + UUID.randomUUID(), "admin");
    }

    @Test
    void aNewPriceVersionPricesTheNextRequestAndLeavesEarlierRowsAsCharged() {
        String v1 = http.post("/admin/prices", admin, AdminApiTest.price(MODEL, "0.5", "1", "10", null)).json().path("id").asText();
        String tenant = http.post("/admin/tenants", admin, "{\"name\":\"history-" + UUID.randomUUID() + "\"}").json()
                .path("id").asText();
        String key = http.post("/admin/tenants/" + tenant + "/keys", admin, "{}").json().path("key").asText();
        http.post("/admin/tenants/" + tenant + "/credits", admin, "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"topped_up\"}");

        JsonNode first = complete(key);
        JsonNode before = usage(tenant).path("data").get(0);

        AdminHttp.Reply v2 = http.post("/admin/prices", admin, AdminApiTest.price(MODEL, "1", "4", "40", null));
        assertThat(v2.status()).as(v2.toString()).isEqualTo(201);
        assertThat(v2.json().path("version").asInt()).isEqualTo(2);
        JsonNode second = complete(key);

        JsonNode rows = usage(tenant).path("data");
        assertThat(rows).hasSize(2);
        JsonNode newRow = rows.get(0);
        JsonNode oldRow = rows.get(1);
        assertThat(oldRow.path("request_id").asText()).isEqualTo(first.path("id").asText());
        assertThat(oldRow).as("the earlier row is exactly as it was charged").isEqualTo(before);
        assertThat(oldRow.path("price_version").asText()).isEqualTo(v1);
        assertThat(new BigDecimal(oldRow.path("charge").path("input_cache_miss").asText()))
                .isEqualByComparingTo(perMillion("1", first.path("usage").path("prompt_tokens").asLong()));
        assertThat(newRow.path("request_id").asText()).isEqualTo(second.path("id").asText());
        assertThat(newRow.path("price_version").asText()).isEqualTo(v2.json().path("id").asText());
        assertThat(new BigDecimal(newRow.path("charge").path("input_cache_miss").asText()))
                .isEqualByComparingTo(perMillion("4", second.path("usage").path("prompt_tokens").asLong()));
        assertThat(new BigDecimal(newRow.path("charge").path("output").asText()))
                .isEqualByComparingTo(perMillion("40", second.path("usage").path("completion_tokens").asLong()));

        BigDecimal charged = new BigDecimal(oldRow.path("charge").path("total").asText())
                .add(new BigDecimal(newRow.path("charge").path("total").asText()));
        assertThat(new BigDecimal(usage(tenant).path("totals").path("charges").get(0).path("total").asText()))
                .isEqualByComparingTo(charged);
        JsonNode balance = http.get("/v1/balance", key).json().path("balance_infos").get(0);
        assertThat(new BigDecimal(balance.path("topped_up_balance").asText())).isEqualByComparingTo(BigDecimal.ONE.subtract(charged));
    }

    private static BigDecimal perMillion(String price, long tokens) {
        return new BigDecimal(price).multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }

    private JsonNode complete(String key) {
        AdminHttp.Reply reply = http.post("/v1/chat/completions", key, BODY);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode usage(String tenant) {
        return http.get("/admin/usage?tenant=" + tenant, admin).json();
    }
}
