package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.pricing.TokenPrices;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresPriceBook;
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

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money end to end against the real embedded PostgreSQL: requests reserve their maximum cost, settle
 * the exact charge with their ledger row, and concurrency can never overspend a balance.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BillingEndToEndTest implements TestPropertyProvider {
    /** A model id of this class's own, so its price tier does not bill other test classes' requests. */
    private static final String MODEL = "billing-demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 8 prompt tokens with the demo tokenizer (BOS, User, 5 bytes, Assistant) and at most 2 output tokens. */
    private static final String BODY = """
            {"model":"billing-demo","messages":[{"role":"user","content":"Hello"}],"max_tokens":2,"temperature":0}""";
    // $1 per million cache-miss input tokens, $10 per million output tokens: at most 8 * 1 + 2 * 10 = 28 micro-dollars
    private static final TokenPrices PRICES = TokenPrices.perMillion("0.5", "1", "10");
    private static final BigDecimal MAX_COST = new BigDecimal("0.000028");

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;
    @Inject
    PostgresCreditAccounts credits;
    @Inject
    PostgresPriceBook priceBook;
    @Inject
    PostgresTenantDirectory directory;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void priceTheModel() {
        http = new Http(server.getURI());
        if (priceBook.history(MODEL).isEmpty()) {
            Instant now = Instant.now();
            priceBook.addTier(MODEL, Currency.getInstance("USD"), PRICES, now, now);
        }
    }

    @Test
    void twoHundredConcurrentRequestsNeverOverspendABalanceThatCoversFifty() throws Exception {
        TenantOnboarding.IssuedKey key = tenantWithCredit(MAX_COST.multiply(BigDecimal.valueOf(50)));
        BigDecimal before = credits.balances(key.tenant()).getFirst().total();

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                calls.add(pool.submit(() -> http.post("/v1/chat/completions", key.secret().text(), BODY)));
            }
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 402) {
                    assertThat(JSON.readTree(response.body()).path("error").path("message").asText())
                            .contains("Insufficient Balance");
                }
            }
        }

        long succeeded = statuses.stream().filter(s -> s == 200).count();
        assertThat(statuses).allMatch(s -> s == 200 || s == 402);
        assertThat(succeeded).as("every request that could be covered ran").isGreaterThanOrEqualTo(50).isLessThan(200);

        CreditBalance after = credits.balances(key.tenant()).getFirst();
        assertThat(after.total()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
        assertThat(after.reserved()).isEqualByComparingTo("0");
        LedgerTotals ledger = ledgerTotals(key.tenant());
        System.out.printf("concurrency: 200 requests, %d succeeded, %d refused with 402; balance %s -> %s; ledger charges %s%n",
                succeeded, 200 - succeeded, before.toPlainString(), after.total().toPlainString(), ledger.charges().toPlainString());
        assertThat(ledger.rows()).isEqualTo(succeeded);
        assertThat(before.subtract(after.total())).as("balance decrease equals the sum of ledger charges exactly")
                .isEqualByComparingTo(ledger.charges());
    }

    @Test
    void aChargeIsTheExactTokensTimesTheListPriceAndIsDrawnFromTheBalance() throws Exception {
        TenantOnboarding.IssuedKey key = tenantWithCredit(new BigDecimal("1"));
        HttpResponse<String> response = http.post("/v1/chat/completions", key.secret().text(), BODY);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode usage = JSON.readTree(response.body()).path("usage");
        BigDecimal expected = PRICES.inputCacheMiss().multiply(BigDecimal.valueOf(usage.path("prompt_tokens").asInt()))
                .add(PRICES.output().multiply(BigDecimal.valueOf(usage.path("completion_tokens").asInt())))
                .movePointLeft(6);

        JsonNode row = JSON.readTree(http.get("/v1/usage", key.secret().text()).body()).path("data").get(0);
        assertThat(new BigDecimal(row.path("charge").path("total").asText())).isEqualByComparingTo(expected);
        assertThat(row.path("charge").path("currency").asText()).isEqualTo("USD");
        assertThat(row.path("price_version").asText()).isNotBlank();
        assertThat(row.path("prompt_cache_miss_tokens").asInt()).isEqualTo(usage.path("prompt_tokens").asInt());

        JsonNode balance = JSON.readTree(http.get("/v1/balance", key.secret().text()).body());
        assertThat(balance.path("is_available").asBoolean()).isTrue();
        JsonNode info = balance.path("balance_infos").get(0);
        assertThat(info.path("currency").asText()).isEqualTo("USD");
        assertThat(new BigDecimal(info.path("total_balance").asText())).isEqualByComparingTo(BigDecimal.ONE.subtract(expected));
        assertThat(new BigDecimal(info.path("granted_balance").asText())).isEqualByComparingTo(BigDecimal.ONE.subtract(expected));
        assertThat(new BigDecimal(info.path("topped_up_balance").asText())).isEqualByComparingTo("0");
    }

    @Test
    void aTenantWithoutCreditGets402AndNoLedgerRow() throws Exception {
        TenantOnboarding.IssuedKey key = onboarding.issueKey(onboarding.createTenant("broke-" + UUID.randomUUID()), "t");
        HttpResponse<String> response = http.post("/v1/chat/completions", key.secret().text(), BODY);
        assertThat(response.statusCode()).isEqualTo(402);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).startsWith("Insufficient Balance");
        assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
        assertThat(ledgerTotals(key.tenant()).rows()).isZero();
        assertThat(JSON.readTree(http.get("/v1/balance", key.secret().text()).body()).path("is_available").asBoolean()).isFalse();
    }

    @Test
    void theRequestsPerMinuteLimitAnswers429WithRetryAfter() throws Exception {
        TenantOnboarding.IssuedKey key = tenantWithCredit(BigDecimal.ONE);
        directory.setLimits(key.tenant(), OptionalInt.of(2), OptionalInt.empty(), OptionalInt.empty());
        assertThat(http.post("/v1/chat/completions", key.secret().text(), BODY).statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", key.secret().text(), BODY).statusCode()).isEqualTo(200);
        HttpResponse<String> third = http.post("/v1/chat/completions", key.secret().text(), BODY);

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(JSON.readTree(third.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(ledgerTotals(key.tenant()).rows()).isEqualTo(2);
    }

    @Test
    void theTokensPerMinuteLimitCountsPromptAndMaxTokens() throws Exception {
        TenantOnboarding.IssuedKey key = tenantWithCredit(BigDecimal.ONE);
        directory.setLimits(key.tenant(), OptionalInt.empty(), OptionalInt.of(15), OptionalInt.empty());
        // 8 prompt + 2 max_tokens = 10 of 15: the first fits, the second would make 20
        assertThat(http.post("/v1/chat/completions", key.secret().text(), BODY).statusCode()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", key.secret().text(), BODY).statusCode()).isEqualTo(429);
    }

    private TenantOnboarding.IssuedKey tenantWithCredit(BigDecimal amount) {
        TenantId tenant = onboarding.createTenant("billing-" + UUID.randomUUID());
        credits.add(tenant, Money.of(amount, Currency.getInstance("USD")), PostgresCreditAccounts.Kind.GRANTED, "test");
        return onboarding.issueKey(tenant, "test");
    }

    private record LedgerTotals(long rows, BigDecimal charges) {
    }

    private static LedgerTotals ledgerTotals(TenantId tenant) throws Exception {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select count(*), coalesce(sum(charge_total), 0) from usage_ledger where tenant_id = ?")) {
            st.setObject(1, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new LedgerTotals(rs.getLong(1), rs.getBigDecimal(2));
            }
        }
    }
}
