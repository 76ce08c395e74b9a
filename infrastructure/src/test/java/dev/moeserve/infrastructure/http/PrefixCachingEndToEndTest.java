package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.pricing.TokenPrices;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresPriceBook;
import dev.moeserve.infrastructure.support.Http;
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
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated prompt prefix skips prefill for its cached 64-token blocks; usage reports them as cache hits,
 * the ledger bills them at the cache-hit price, and another tenant's identical prompt finds nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefixCachingEndToEndTest implements TestPropertyProvider {
    private static final String MODEL = "cache-demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenPrices PRICES = TokenPrices.perMillion("0.1", "1", "2");

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;
    @Inject
    PostgresPriceBook priceBook;
    @Inject
    PostgresCreditAccounts credits;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void price() {
        http = new Http(server.getURI());
        if (priceBook.history(MODEL).isEmpty()) {
            Instant now = Instant.now();
            priceBook.addTier(MODEL, Currency.getInstance("USD"), PRICES, now, now);
        }
    }

    /** A user message long enough for several 64-token blocks (one token per byte with the demo tokenizer). */
    private static String body(String text) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}],\"max_tokens\":4,\"temperature\":0,\"ignore_eos\":true}";
    }

    @Test
    void aRepeatedPromptIsServedFromTheCacheAndBilledAtTheCacheHitPrice() throws Exception {
        String key = tenantKey();
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(6); // 270 bytes: 273 prompt tokens
        JsonNode first = JSON.readTree(http.post("/v1/chat/completions", key, body(text)).body());
        JsonNode second = JSON.readTree(http.post("/v1/chat/completions", key, body(text)).body());

        int prompt = first.path("usage").path("prompt_tokens").asInt();
        assertThat(prompt).isEqualTo(273);
        assertThat(first.path("usage").path("prompt_cache_hit_tokens").asInt()).isZero();
        int expectedHits = (prompt - 1) / 64 * 64;
        assertThat(second.path("usage").path("prompt_cache_hit_tokens").asInt()).isEqualTo(expectedHits);
        assertThat(second.path("usage").path("prompt_cache_miss_tokens").asInt()).isEqualTo(prompt - expectedHits);
        assertThat(second.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(expectedHits);
        assertThat(second.path("choices").get(0).path("message").path("content").asText())
                .as("a cache hit must not change the answer")
                .isEqualTo(first.path("choices").get(0).path("message").path("content").asText());

        JsonNode row = JSON.readTree(http.get("/v1/usage?limit=1", key).body()).path("data").get(0);
        assertThat(row.path("prompt_cache_hit_tokens").asInt()).isEqualTo(expectedHits);
        BigDecimal expected = PRICES.inputCacheHit().multiply(BigDecimal.valueOf(expectedHits))
                .add(PRICES.inputCacheMiss().multiply(BigDecimal.valueOf(prompt - expectedHits)))
                .add(PRICES.output().multiply(BigDecimal.valueOf(4)))
                .movePointLeft(6)
                .setScale(6, RoundingMode.HALF_EVEN); // the one rounding rule, once per request
        assertThat(new BigDecimal(row.path("charge").path("total").asText())).isEqualByComparingTo(expected);
        assertThat(new BigDecimal(row.path("charge").path("input_cache_hit").asText()))
                .isEqualByComparingTo(PRICES.inputCacheHit().multiply(BigDecimal.valueOf(expectedHits)).movePointLeft(6));
    }

    @Test
    void anotherTenantsIdenticalPromptFindsNothingInTheCache() throws Exception {
        String text = "Tenant isolation matters for caches, because timing leaks. ".repeat(5);
        String a = tenantKey();
        String b = tenantKey();
        http.post("/v1/chat/completions", a, body(text));
        JsonNode fromB = JSON.readTree(http.post("/v1/chat/completions", b, body(text)).body());
        assertThat(fromB.path("usage").path("prompt_cache_hit_tokens").asInt()).isZero();
        JsonNode againA = JSON.readTree(http.post("/v1/chat/completions", a, body(text)).body());
        assertThat(againA.path("usage").path("prompt_cache_hit_tokens").asInt()).isPositive();
    }

    private String tenantKey() {
        TenantId tenant = onboarding.createTenant("cache-" + UUID.randomUUID());
        credits.add(tenant, Money.of("1", "USD"), PostgresCreditAccounts.Kind.GRANTED, "test");
        return onboarding.issueKey(tenant, "t").secret().text();
    }
}
