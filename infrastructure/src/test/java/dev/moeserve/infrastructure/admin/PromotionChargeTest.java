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
import java.math.RoundingMode;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A promotion created through the admin API changes the very next chat completion's ledger charge,
 * to the figure computed by hand, and ending it restores the list price from the next request on.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotionChargeTest implements TestPropertyProvider {
    private static final String MODEL = "admin-promotion-demo";
    private static final String BODY = """
            {"model":"admin-promotion-demo","messages":[{"role":"user","content":"Hello"}],"max_tokens":3,"temperature":0}""";

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
    void priceTheModelAtTheSeedsListPrices() {
        http = new AdminHttp(server.getURI());
        admin = credentials.issue("promotion-charge-" + UUID.randomUUID(), "admin");
        // $0.028 cache hit, $1.74 cache miss, $3.48 output per million tokens
        AdminHttp.Reply priced = http.post("/admin/prices", admin, AdminApiTest.price(MODEL, "0.028", "1.74", "3.48", null));
        assertThat(priced.status()).as(priced.toString()).isEqualTo(201);
    }

    @Test
    void aSeventyFivePercentPromotionCutsTheNextChargeToAQuarterOfListExactly() {
        String tenant = http.post("/admin/tenants", admin, "{\"name\":\"promotion-" + UUID.randomUUID() + "\"}").json()
                .path("id").asText();
        String key = http.post("/admin/tenants/" + tenant + "/keys", admin, "{}").json().path("key").asText();
        http.post("/admin/tenants/" + tenant + "/credits", admin, "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"granted\"}");

        JsonNode atList = complete(key);
        JsonNode listRow = row(tenant, atList.path("id").asText());
        long prompt = atList.path("usage").path("prompt_tokens").asLong();
        long output = atList.path("usage").path("completion_tokens").asLong();
        // list: $1.74 and $3.48 per million, i.e. 0.00000174 and 0.00000348 a token
        assertThat(new BigDecimal(listRow.path("charge").path("input_cache_miss").asText()))
                .isEqualByComparingTo(new BigDecimal("0.00000174").multiply(BigDecimal.valueOf(prompt)));
        assertThat(new BigDecimal(listRow.path("charge").path("output").asText()))
                .isEqualByComparingTo(new BigDecimal("0.00000348").multiply(BigDecimal.valueOf(output)));
        assertThat(listRow.path("promotion_id").isNull()).isTrue();

        AdminHttp.Reply created = http.post("/admin/promotions", admin, """
                {"name": "launch: 75%% off", "percent_off": "75", "token_classes": ["input_cache_hit", "input_cache_miss", "output"],
                 "models": ["%s"], "tenants": ["%s"]}""".formatted(MODEL, tenant));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String promotion = created.json().path("id").asText();

        JsonNode promoted = complete(key);
        JsonNode row = row(tenant, promoted.path("id").asText());
        assertThat(promoted.path("usage").path("prompt_tokens").asLong()).isEqualTo(prompt);
        long promotedOutput = promoted.path("usage").path("completion_tokens").asLong();
        // 75% off: $0.435 and $0.87 per million, i.e. 0.000000435 and 0.00000087 a token
        BigDecimal miss = new BigDecimal("0.000000435").multiply(BigDecimal.valueOf(prompt));
        BigDecimal out = new BigDecimal("0.00000087").multiply(BigDecimal.valueOf(promotedOutput));
        // the discount is the other three quarters of list: 0.000001305 and 0.00000261 a token
        BigDecimal discount = new BigDecimal("0.000001305").multiply(BigDecimal.valueOf(prompt))
                .add(new BigDecimal("0.00000261").multiply(BigDecimal.valueOf(promotedOutput)));
        JsonNode charge = row.path("charge");
        assertThat(row.path("promotion_id").asText()).isEqualTo(promotion);
        assertThat(new BigDecimal(charge.path("input_cache_hit").asText())).isEqualByComparingTo("0");
        assertThat(new BigDecimal(charge.path("input_cache_miss").asText())).isEqualByComparingTo(miss);
        assertThat(new BigDecimal(charge.path("output").asText())).isEqualByComparingTo(out);
        assertThat(new BigDecimal(charge.path("discount").asText())).isEqualByComparingTo(discount);
        // the one rounding of a request: its total, half-even to micro-units
        assertThat(new BigDecimal(charge.path("total").asText()))
                .isEqualByComparingTo(miss.add(out).setScale(6, RoundingMode.HALF_EVEN));
        assertThat(charge.path("currency").asText()).isEqualTo("USD");
        assertThat(row.path("price_version").asText()).isEqualTo(listRow.path("price_version").asText());
        System.out.printf("promotion: %d prompt + %d output tokens; list charge %s, with 75%% off %s (miss %s, output %s, discount %s)%n",
                prompt, promotedOutput, listRow.path("charge").path("total").asText(), charge.path("total").asText(),
                charge.path("input_cache_miss").asText(), charge.path("output").asText(), charge.path("discount").asText());

        assertThat(http.post("/admin/promotions/" + promotion + "/end", admin, null).status()).isEqualTo(200);
        JsonNode afterEnd = row(tenant, complete(key).path("id").asText());
        assertThat(afterEnd.path("promotion_id").isNull()).isTrue();
        assertThat(new BigDecimal(afterEnd.path("charge").path("input_cache_miss").asText()))
                .isEqualByComparingTo(new BigDecimal("0.00000174").multiply(BigDecimal.valueOf(prompt)));
        assertThat(row(tenant, promoted.path("id").asText())).as("ending a promotion never re-prices its rows").isEqualTo(row);
    }

    private JsonNode complete(String key) {
        AdminHttp.Reply reply = http.post("/v1/chat/completions", key, BODY);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    /** The ledger row of a request, as the admin API lists it. */
    private JsonNode row(String tenant, String requestId) {
        for (JsonNode row : http.get("/admin/usage?tenant=" + tenant, admin).json().path("data")) {
            if (row.path("request_id").asText().equals(requestId)) {
                return row;
            }
        }
        throw new AssertionError("no ledger row for " + requestId);
    }
}
