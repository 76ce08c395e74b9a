package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every admin endpoint over HTTP against the real embedded PostgreSQL: its happy path, and its 400
 * (naming the field), 401, 403 (auditor) and 404 answers, all in the OpenAI error shape.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest implements TestPropertyProvider {
    /** This class's own served model id, so no other test class prices it. */
    private static final String SERVED_MODEL = "admin-api-demo";

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;
    @Inject
    UsageLedger ledger;

    private AdminHttp http;
    private String admin;
    private String auditor;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", SERVED_MODEL);
    }

    @BeforeAll
    void operators() {
        http = new AdminHttp(server.getURI());
        admin = credentials.issue("admin-api-" + UUID.randomUUID(), "admin");
        auditor = credentials.issue("auditor-api-" + UUID.randomUUID(), "auditor");
    }

    // --- authentication and roles

    @Test
    void everyAdminEndpointAnswers401WithoutATokenOrWithAWrongOne() {
        String tenant = createTenant();
        for (Call call : allCalls(tenant)) {
            for (String token : new String[] {null, "ms-admin-not-a-token", "sk-ms-" + "0".repeat(64)}) {
                AdminHttp.Reply reply = http.send(call.method(), call.path(), token, call.body());
                assertThat(reply.status()).as(call + " with " + token).isEqualTo(401);
                assertError(reply, "authentication_error");
            }
        }
    }

    @Test
    void anAuditorMayReadEverythingButEveryChangeIs403AndChangesNothing() {
        String tenant = createTenant();
        String before = http.get("/admin/tenants/" + tenant, admin).body();
        for (Call call : allCalls(tenant)) {
            AdminHttp.Reply reply = http.send(call.method(), call.path(), auditor, call.body());
            if (call.changes()) {
                assertThat(reply.status()).as(call.toString()).isEqualTo(403);
                assertError(reply, "permission_error");
                assertThat(reply.errorMessage()).contains("auditor");
            } else {
                assertThat(reply.status()).as(call.toString()).isEqualTo(200);
            }
        }
        assertThat(http.get("/admin/tenants/" + tenant, admin).body()).isEqualTo(before);
        assertThat(http.get("/admin/tenants/" + tenant + "/keys", admin).json().path("data")).isEmpty();
        // the role is checked before the body is read: an auditor learns nothing from validation
        assertThat(http.put("/admin/tenants/" + tenant + "/limits", auditor, "{\"requests_per_minute\":0}").status()).isEqualTo(403);
        assertThat(http.post("/admin/tenants", auditor, "{not json").status()).isEqualTo(403);
    }

    // --- tenants

    @Test
    void creatingATenantAnswers201WithItsIdAndNameAndItCanBeReadBack() {
        String name = "acme-" + UUID.randomUUID();
        AdminHttp.Reply created = http.post("/admin/tenants", admin, "{\"name\":\"" + name + "\"}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("id", "name");
        assertThat(body.path("name").asText()).isEqualTo(name);

        JsonNode tenant = http.get("/admin/tenants/" + body.path("id").asText(), auditor).json();
        assertThat(tenant.path("id").asText()).isEqualTo(body.path("id").asText());
        assertThat(tenant.path("status").asText()).isEqualTo("active");
        assertThat(tenant.path("plan").isNull()).isTrue();
        assertThat(tenant.path("limits").path("requests_per_minute").isNull()).isTrue();
        assertThat(tenant.path("limits").path("tokens_per_minute").isNull()).isTrue();
        assertThat(tenant.path("limits").path("max_concurrent").isNull()).isTrue();
        assertThat(tenant.path("balances")).isEmpty();
        assertThat(Instant.parse(tenant.path("created_at").asText())).isBefore(Instant.now().plusSeconds(5));
    }

    @Test
    void aTenantNeedsANameThatNoOtherTenantHas() {
        assertInvalid(http.post("/admin/tenants", admin, "{}"), "name");
        assertInvalid(http.post("/admin/tenants", admin, "{\"name\":\"  \"}"), "name");
        assertInvalid(http.post("/admin/tenants", admin, "{\"name\":42}"), "name");
        String name = "taken-" + UUID.randomUUID();
        assertThat(http.post("/admin/tenants", admin, "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);
        assertInvalid(http.post("/admin/tenants", admin, "{\"name\":\"" + name + "\"}"), "name");
        AdminHttp.Reply notJson = http.post("/admin/tenants", admin, "{\"name\":");
        assertThat(notJson.status()).isEqualTo(400);
        assertError(notJson, "invalid_request_error");
    }

    @Test
    void tenantsAreListedOldestFirstAPageAtATime() {
        String first = createTenant();
        String second = createTenant();
        List<String> ids = new ArrayList<>();
        int page = 1;
        JsonNode body;
        do {
            body = http.get("/admin/tenants?limit=50&page=" + page++, auditor).json();
            body.path("data").forEach(t -> ids.add(t.path("id").asText()));
        } while (body.path("has_more").asBoolean());

        assertThat(ids).containsSubsequence(first, second);
        assertThat(ids).doesNotHaveDuplicates();
        assertInvalid(http.get("/admin/tenants?limit=0", admin), "limit");
        assertInvalid(http.get("/admin/tenants?page=x", admin), "page");
    }

    @Test
    void unknownTenantIdsAre404OnEveryTenantEndpoint() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-tenant"}) {
            String t = "/admin/tenants/" + id;
            List<AdminHttp.Reply> replies = List.of(
                    http.get(t, admin),
                    http.post(t + "/suspend", admin, null),
                    http.post(t + "/reactivate", admin, null),
                    http.put(t + "/plan", admin, "{\"plan\":\"pro\"}"),
                    http.put(t + "/limits", admin, "{\"requests_per_minute\":1}"),
                    http.post(t + "/keys", admin, "{}"),
                    http.get(t + "/keys", admin),
                    http.post(t + "/keys/" + UUID.randomUUID() + "/revoke", admin, null),
                    http.post(t + "/credits", admin, "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"granted\"}"));
            for (AdminHttp.Reply reply : replies) {
                assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
                assertError(reply, "invalid_request_error");
                assertThat(reply.json().path("error").path("code").asText()).isEqualTo("tenant_not_found");
            }
        }
    }

    @Test
    void aSuspendedTenantsKeysAreRefusedUntilItIsReactivated() {
        String tenant = createTenant();
        String key = issueKey(tenant).path("key").asText();
        assertThat(http.get("/v1/models", key).status()).isEqualTo(200);

        JsonNode suspended = http.post("/admin/tenants/" + tenant + "/suspend", admin, null).json();
        assertThat(suspended.path("status").asText()).isEqualTo("suspended");
        assertThat(http.get("/v1/models", key).status()).as("a suspended tenant's key is refused and told why").isEqualTo(403);

        JsonNode reactivated = http.post("/admin/tenants/" + tenant + "/reactivate", admin, null).json();
        assertThat(reactivated.path("status").asText()).isEqualTo("active");
        assertThat(http.get("/v1/models", key).status()).isEqualTo(200);
    }

    @Test
    void aTenantsPlanCanBeSetAndCleared() {
        String tenant = createTenant();
        assertThat(http.put("/admin/tenants/" + tenant + "/plan", admin, "{\"plan\":\"pro\"}").json().path("plan").asText())
                .isEqualTo("pro");
        assertThat(http.get("/admin/tenants/" + tenant, auditor).json().path("plan").asText()).isEqualTo("pro");
        assertThat(http.put("/admin/tenants/" + tenant + "/plan", admin, "{\"plan\":null}").json().path("plan").isNull()).isTrue();
        assertInvalid(http.put("/admin/tenants/" + tenant + "/plan", admin, "{}"), "plan");
        assertInvalid(http.put("/admin/tenants/" + tenant + "/plan", admin, "{\"plan\":\"\"}"), "plan");
    }

    // --- keys

    @Test
    void anIssuedKeyIsShownOnceThenListedByItsPrefixOnly() {
        String tenant = createTenant();
        AdminHttp.Reply issued = http.post("/admin/tenants/" + tenant + "/keys", admin, "{\"label\":\"ci\"}");

        assertThat(issued.status()).isEqualTo(201);
        JsonNode key = issued.json();
        assertThat(fieldNames(key)).containsExactlyInAnyOrder("id", "key", "prefix");
        assertThat(key.path("key").asText()).startsWith(key.path("prefix").asText()).startsWith("sk-ms-");
        assertThat(http.get("/v1/models", key.path("key").asText()).status()).isEqualTo(200);

        AdminHttp.Reply listed = http.get("/admin/tenants/" + tenant + "/keys", auditor);
        assertThat(listed.body()).doesNotContain(key.path("key").asText());
        JsonNode entry = listed.json().path("data").get(0);
        assertThat(entry.path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(entry.path("prefix").asText()).isEqualTo(key.path("prefix").asText());
        assertThat(entry.path("label").asText()).isEqualTo("ci");
        assertThat(entry.path("status").asText()).isEqualTo("active");
        assertThat(entry.path("last_used_at").isNull()).as("the /v1/models call above used it").isFalse();
        assertThat(http.post("/admin/tenants/" + tenant + "/keys", admin, null).status()).as("a label is optional").isEqualTo(201);
        assertInvalid(http.post("/admin/tenants/" + tenant + "/keys", admin, "{\"label\":7}"), "label");
    }

    @Test
    void aRevokedKeyIsRefusedOnItsVeryNextRequest() {
        String tenant = createTenant();
        JsonNode key = issueKey(tenant);
        assertThat(http.get("/v1/models", key.path("key").asText()).status()).isEqualTo(200);

        AdminHttp.Reply revoked = http.post("/admin/tenants/" + tenant + "/keys/" + key.path("id").asText() + "/revoke", admin, null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.json().path("revoked_at").asText()).isNotBlank();
        assertThat(http.get("/v1/models", key.path("key").asText()).status()).isEqualTo(401);
        assertThat(http.post("/admin/tenants/" + tenant + "/keys/" + key.path("id").asText() + "/revoke", admin, null).status())
                .as("revoking twice is harmless").isEqualTo(200);
    }

    @Test
    void aKeyCannotBeRevokedThroughAnotherTenant() {
        String owner = createTenant();
        String other = createTenant();
        JsonNode key = issueKey(owner);

        AdminHttp.Reply reply = http.post("/admin/tenants/" + other + "/keys/" + key.path("id").asText() + "/revoke", admin, null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").path("code").asText()).isEqualTo("key_not_found");
        assertThat(http.get("/v1/models", key.path("key").asText()).status()).isEqualTo(200);
        assertThat(http.post("/admin/tenants/" + owner + "/keys/not-a-key/revoke", admin, null).status()).isEqualTo(404);
    }

    // --- credit

    @Test
    void grantedAndToppedUpCreditAddUpInTheTenantsBalance() {
        String tenant = createTenant();
        String key = issueKey(tenant).path("key").asText();

        AdminHttp.Reply granted = http.post("/admin/tenants/" + tenant + "/credits", admin,
                "{\"amount\":\"1.50\",\"currency\":\"USD\",\"kind\":\"granted\"}");
        AdminHttp.Reply toppedUp = http.post("/admin/tenants/" + tenant + "/credits", admin,
                "{\"amount\":\"2\",\"currency\":\"usd\",\"kind\":\"topped_up\"}");

        assertThat(granted.status()).isEqualTo(201);
        assertThat(granted.json().path("granted_balance").asText()).isEqualTo("1.5");
        assertThat(toppedUp.status()).isEqualTo(201);
        JsonNode balance = toppedUp.json();
        assertThat(balance.path("currency").asText()).isEqualTo("USD");
        assertThat(balance.path("total_balance").asText()).isEqualTo("3.5");
        assertThat(balance.path("granted_balance").asText()).isEqualTo("1.5");
        assertThat(balance.path("topped_up_balance").asText()).isEqualTo("2");
        JsonNode tenantView = http.get("/admin/tenants/" + tenant, auditor).json();
        assertThat(tenantView.path("balances").get(0).path("total_balance").asText()).isEqualTo("3.5");
        JsonNode own = http.get("/v1/balance", key).json().path("balance_infos").get(0);
        assertThat(own.path("total_balance").asText()).isEqualTo("3.5");
        assertThat(own.path("granted_balance").asText()).isEqualTo("1.5");
    }

    @Test
    void creditMustBeAPositiveAmountInAKnownCurrencyOfAKnownKind() {
        String credits = "/admin/tenants/" + createTenant() + "/credits";
        assertInvalid(http.post(credits, admin, "{\"currency\":\"USD\",\"kind\":\"granted\"}"), "amount");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"-1\",\"currency\":\"USD\",\"kind\":\"granted\"}"), "amount");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"0\",\"currency\":\"USD\",\"kind\":\"granted\"}"), "amount");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"ten\",\"currency\":\"USD\",\"kind\":\"granted\"}"), "amount");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"1\",\"currency\":\"XYZ1\",\"kind\":\"granted\"}"), "currency");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"1\",\"kind\":\"granted\"}"), "currency");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"gift\"}"), "kind");
        assertInvalid(http.post(credits, admin, "{\"amount\":\"1\",\"currency\":\"USD\"}"), "kind");
        assertThat(http.post(credits, admin, "{\"amount\":0.25,\"currency\":\"USD\",\"kind\":\"granted\"}").json()
                .path("granted_balance").asText()).as("a JSON number is read by its decimal spelling").isEqualTo("0.25");
    }

    // --- limits

    @Test
    void limitsAreReplacedTogetherAndNullMeansUnlimited() {
        String tenant = createTenant();
        AdminHttp.Reply set = http.put("/admin/tenants/" + tenant + "/limits", admin,
                "{\"requests_per_minute\":60,\"tokens_per_minute\":null,\"max_concurrent\":4}");

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().path("requests_per_minute").asInt()).isEqualTo(60);
        assertThat(set.json().path("tokens_per_minute").isNull()).isTrue();
        assertThat(set.json().path("max_concurrent").asInt()).isEqualTo(4);
        JsonNode limits = http.get("/admin/tenants/" + tenant, auditor).json().path("limits");
        assertThat(limits.path("requests_per_minute").asInt()).isEqualTo(60);
        assertThat(limits.path("max_concurrent").asInt()).isEqualTo(4);

        JsonNode cleared = http.put("/admin/tenants/" + tenant + "/limits", admin, "{\"tokens_per_minute\":1000}").json();
        assertThat(cleared.path("requests_per_minute").isNull()).as("an absent limit is unlimited too").isTrue();
        assertThat(cleared.path("tokens_per_minute").asInt()).isEqualTo(1000);

        assertInvalid(http.put("/admin/tenants/" + tenant + "/limits", admin, "{\"requests_per_minute\":0}"), "requests_per_minute");
        assertInvalid(http.put("/admin/tenants/" + tenant + "/limits", admin, "{\"tokens_per_minute\":\"many\"}"), "tokens_per_minute");
        assertInvalid(http.put("/admin/tenants/" + tenant + "/limits", admin, "{\"max_concurrent\":1.5}"), "max_concurrent");
    }

    // --- prices

    @Test
    void aNewPriceAnswersItsIdAndVersionAndJoinsTheModelsHistory() {
        String model = "priced-" + UUID.randomUUID();
        AdminHttp.Reply first = http.post("/admin/prices", admin, price(model, "0.028", "1.74", "3.48", null));
        String later = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        AdminHttp.Reply second = http.post("/admin/prices", admin, price(model, "0.014", "0.87", "1.74", later));

        assertThat(first.status()).isEqualTo(201);
        assertThat(fieldNames(first.json())).containsExactlyInAnyOrder("id", "version");
        assertThat(first.json().path("version").asInt()).isEqualTo(1);
        assertThat(second.json().path("version").asInt()).isEqualTo(2);

        JsonNode history = http.get("/admin/prices?model=" + model, auditor).json().path("data").get(0);
        assertThat(history.path("model").asText()).isEqualTo(model);
        assertThat(history.path("version_in_force").asInt()).as("version 2 starts tomorrow").isEqualTo(1);
        JsonNode newest = history.path("versions").get(0);
        assertThat(newest.path("version").asInt()).isEqualTo(2);
        assertThat(newest.path("id").asText()).isEqualTo(second.json().path("id").asText());
        assertThat(newest.path("effective_from").asText()).isEqualTo(later);
        JsonNode oldest = history.path("versions").get(1);
        assertThat(oldest.path("input_cache_hit").asText()).isEqualTo("0.028");
        assertThat(oldest.path("input_cache_miss").asText()).isEqualTo("1.74");
        assertThat(oldest.path("output").asText()).isEqualTo("3.48");
        assertThat(oldest.path("currency").asText()).isEqualTo("USD");
        assertThat(http.get("/admin/prices", auditor).json().path("data").findValuesAsText("model")).contains(model);
    }

    @Test
    void aPriceCannotTakeEffectInThePastNorBeforeTheLatestVersion() {
        String model = "history-" + UUID.randomUUID();
        assertInvalid(http.post("/admin/prices", admin, price(model, "1", "2", "3", "2020-01-01T00:00:00Z")), "effective_from");
        String later = Instant.now().plus(2, ChronoUnit.DAYS).toString();
        assertThat(http.post("/admin/prices", admin, price(model, "1", "2", "3", later)).status()).isEqualTo(201);
        assertInvalid(http.post("/admin/prices", admin, price(model, "1", "2", "3", null)), "effective_from");
    }

    @Test
    void pricesMustBeNonNegativeDecimalsForANamedModelInAKnownCurrency() {
        String model = "invalid-" + UUID.randomUUID();
        assertInvalid(http.post("/admin/prices", admin, price(model, "1", "2", "-3", null)), "output");
        assertInvalid(http.post("/admin/prices", admin, price(model, "x", "2", "3", null)), "input_cache_hit");
        assertInvalid(http.post("/admin/prices", admin,
                "{\"model\":\"m\",\"currency\":\"USD\",\"input_cache_hit\":\"1\",\"output\":\"1\"}"), "input_cache_miss");
        assertInvalid(http.post("/admin/prices", admin, price("", "1", "2", "3", null)), "model");
        assertInvalid(http.post("/admin/prices", admin, price(model, "1", "2", "3", null).replace("USD", "DOLLARS")), "currency");
        assertInvalid(http.post("/admin/prices", admin, price(model, "1", "2", "3", "tomorrow")), "effective_from");
        AdminHttp.Reply unknown = http.get("/admin/prices?model=" + model, admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("price_not_found");
    }

    // --- promotions

    @Test
    void aPromotionIsCreatedListedAndEndedNow() {
        String model = "promo-" + UUID.randomUUID();
        AdminHttp.Reply created = http.post("/admin/promotions", admin, """
                {"name": "launch", "percent_off": "75", "token_classes": ["input_cache_miss", "output"],
                 "models": ["%s"], "tenants": [], "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2099-05-31T23:59:59Z"}"""
                .formatted(model));

        assertThat(created.status()).isEqualTo(201);
        assertThat(fieldNames(created.json())).containsExactly("id");
        String id = created.json().path("id").asText();
        JsonNode promotion = http.get("/admin/promotions/" + id, auditor).json();
        assertThat(promotion.path("name").asText()).isEqualTo("launch");
        assertThat(promotion.path("percent_off").asText()).isEqualTo("75");
        assertThat(promotion.path("token_classes").toString()).isEqualTo("[\"input_cache_miss\",\"output\"]");
        assertThat(promotion.path("models").get(0).asText()).isEqualTo(model);
        assertThat(promotion.path("starts_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(promotion.path("ends_at").asText()).isEqualTo("2099-05-31T23:59:59Z");
        assertThat(promotion.path("active").asBoolean()).isTrue();
        assertThat(http.get("/admin/promotions", auditor).json().path("data").findValuesAsText("id")).contains(id);

        AdminHttp.Reply ended = http.post("/admin/promotions/" + id + "/end", admin, null);

        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.json().path("active").asBoolean()).isFalse();
        assertThat(Instant.parse(ended.json().path("ends_at").asText())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void aPromotionWithAnOffPeakWindowKeepsIt() {
        // scoped to a model nobody serves, so it discounts no other test's requests
        AdminHttp.Reply created = http.post("/admin/promotions", admin, """
                {"name": "night", "percent_off": 50, "token_classes": ["output"], "stackable": true,
                 "models": ["night-%s"], "off_peak": {"start": "16:30", "end": "00:30", "zone": "UTC"}}"""
                .formatted(UUID.randomUUID()));

        JsonNode promotion = http.get("/admin/promotions/" + created.json().path("id").asText(), auditor).json();
        assertThat(promotion.path("percent_off").asText()).isEqualTo("50");
        assertThat(promotion.path("stackable").asBoolean()).isTrue();
        assertThat(promotion.path("ends_at").isNull()).isTrue();
        assertThat(promotion.path("off_peak").path("start").asText()).isEqualTo("16:30");
        assertThat(promotion.path("off_peak").path("end").asText()).isEqualTo("00:30");
        assertThat(promotion.path("off_peak").path("days")).hasSize(7);
        assertThat(promotion.path("off_peak").path("zone").asText()).isEqualTo("UTC");
    }

    @Test
    void aPromotionNeedsANamePercentAndTokenClassesAndAValidWindowAndScope() {
        String ok = "\"name\":\"p\",\"percent_off\":\"10\",\"token_classes\":[\"output\"]";
        assertInvalid(http.post("/admin/promotions", admin, "{\"percent_off\":\"10\",\"token_classes\":[\"output\"]}"), "name");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok.replace("\"10\"", "\"0\"") + "}"), "percent_off");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok.replace("\"10\"", "\"101\"") + "}"), "percent_off");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok.replace("\"output\"", "\"input\"") + "}"), "token_classes[0]");
        assertInvalid(http.post("/admin/promotions", admin, "{\"name\":\"p\",\"percent_off\":\"10\",\"token_classes\":[]}"), "token_classes");
        assertInvalid(http.post("/admin/promotions", admin,
                "{" + ok + ",\"starts_at\":\"2099-02-01T00:00:00Z\",\"ends_at\":\"2099-01-01T00:00:00Z\"}"), "ends_at");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok + ",\"ends_at\":\"2020-01-01T00:00:00Z\"}"), "ends_at");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok + ",\"tenants\":[\"" + UUID.randomUUID() + "\"]}"), "tenants");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok + ",\"tenants\":[\"acme\"]}"), "tenants[0]");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok + ",\"models\":\"all\"}"), "models");
        assertInvalid(http.post("/admin/promotions", admin, "{" + ok + ",\"off_peak\":{\"start\":\"25:00\",\"end\":\"01:00\"}}"),
                "off_peak.start");
    }

    @Test
    void unknownPromotionsAre404() {
        for (String id : new String[] {UUID.randomUUID().toString(), "nope"}) {
            assertThat(http.get("/admin/promotions/" + id, admin).status()).isEqualTo(404);
            AdminHttp.Reply end = http.post("/admin/promotions/" + id + "/end", admin, null);
            assertThat(end.status()).isEqualTo(404);
            assertThat(end.json().path("error").path("code").asText()).isEqualTo("promotion_not_found");
        }
    }

    // --- preview

    @Test
    void aPreviewShowsListAndEffectivePricesThePromotionAndTheTotalNowAndAtAnotherTime() {
        String model = "preview-" + UUID.randomUUID();
        assertThat(http.post("/admin/prices", admin, price(model, "0.028", "1.74", "3.48", null)).status()).isEqualTo(201);
        Instant start = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String promotion = http.post("/admin/promotions", admin, """
                {"name": "seed launch", "percent_off": "75", "token_classes": ["input_cache_miss", "output"],
                 "models": ["%s"], "starts_at": "%s", "ends_at": "%s"}""".formatted(model, start, start.plus(1, ChronoUnit.HOURS)))
                .json().path("id").asText();
        String request = """
                {"model": "%s", "prompt_cache_hit_tokens": 1000000, "prompt_cache_miss_tokens": 1000000,
                 "completion_tokens": 1000000%s}""";

        JsonNode now = http.post("/admin/prices/preview", auditor, request.formatted(model, "")).json();
        JsonNode during = http.post("/admin/prices/preview", auditor,
                request.formatted(model, ", \"at\": \"" + start.plus(30, ChronoUnit.MINUTES) + "\"")).json();
        JsonNode after = http.post("/admin/prices/preview", auditor,
                request.formatted(model, ", \"at\": \"" + start.plus(2, ChronoUnit.HOURS) + "\"")).json();

        assertThat(now.path("priced").asBoolean()).isTrue();
        assertThat(now.path("total").asText()).isEqualTo("5.248");
        assertThat(now.path("discount").asText()).isEqualTo("0");
        assertThat(during.path("price_version_number").asInt()).isEqualTo(1);
        JsonNode miss = during.path("lines").get(1);
        assertThat(miss.path("token_class").asText()).isEqualTo("input_cache_miss");
        assertThat(miss.path("list_price").asText()).isEqualTo("1.74");
        assertThat(miss.path("effective_price").asText()).isEqualTo("0.435");
        assertThat(miss.path("promotions").get(0).path("id").asText()).isEqualTo(promotion);
        assertThat(during.path("lines").get(2).path("effective_price").asText()).isEqualTo("0.87");
        assertThat(during.path("lines").get(0).path("effective_price").asText()).as("cache hits are not in the promotion")
                .isEqualTo("0.028");
        assertThat(during.path("list_total").asText()).isEqualTo("5.248");
        assertThat(during.path("discount").asText()).isEqualTo("3.915");
        assertThat(during.path("total").asText()).isEqualTo("1.333");
        assertThat(during.path("promotion_ids").get(0).asText()).isEqualTo(promotion);
        assertThat(after.path("total").asText()).as("list price again once the promotion ends").isEqualTo("5.248");
    }

    @Test
    void aPreviewOfAModelWithoutAPriceIsAZeroCharge() {
        JsonNode preview = http.post("/admin/prices/preview", admin,
                "{\"model\":\"unpriced-" + UUID.randomUUID() + "\",\"completion_tokens\":1000}").json();
        assertThat(preview.path("priced").asBoolean()).isFalse();
        assertThat(preview.path("total").asText()).isEqualTo("0");
    }

    @Test
    void aPreviewNeedsAModelNonNegativeTokensAndAKnownTenant() {
        assertInvalid(http.post("/admin/prices/preview", admin, "{\"completion_tokens\":1}"), "model");
        assertInvalid(http.post("/admin/prices/preview", admin, "{\"model\":\"m\",\"completion_tokens\":-1}"), "completion_tokens");
        assertInvalid(http.post("/admin/prices/preview", admin, "{\"model\":\"m\",\"prompt_cache_hit_tokens\":\"5\"}"),
                "prompt_cache_hit_tokens");
        assertInvalid(http.post("/admin/prices/preview", admin, "{\"model\":\"m\",\"tenant\":\"acme\"}"), "tenant");
        assertInvalid(http.post("/admin/prices/preview", admin, "{\"model\":\"m\",\"at\":\"noon\"}"), "at");
        AdminHttp.Reply unknown = http.post("/admin/prices/preview", admin,
                "{\"model\":\"m\",\"tenant\":\"" + UUID.randomUUID() + "\"}");
        assertThat(unknown.status()).isEqualTo(404);
    }

    // --- models

    @Test
    void theServedModelIsFlaggedAsServedAtZeroChargeUntilItHasAPrice() {
        JsonNode before = servedModel();
        assertThat(before.path("served_at_zero_charge").asBoolean()).isTrue();
        assertThat(before.path("price").isNull()).isTrue();
        assertThat(before.path("backend").asText()).isEqualTo("cpu");

        assertThat(http.post("/admin/prices", admin, price(SERVED_MODEL, "0.07", "0.27", "1.10", null)).status()).isEqualTo(201);

        JsonNode after = servedModel();
        assertThat(after.path("served_at_zero_charge").asBoolean()).isFalse();
        assertThat(after.path("price").path("output").asText()).isEqualTo("1.1");
    }

    private JsonNode servedModel() {
        for (JsonNode model : http.get("/admin/models", auditor).json().path("data")) {
            if (model.path("id").asText().equals(SERVED_MODEL)) {
                return model;
            }
        }
        throw new AssertionError("the served model is not listed");
    }

    // --- usage

    @Test
    void usageRowsAndTotalsCoverExactlyThePeriodAskedForAcrossWholeAndPartialDays() {
        String tenant = createTenant();
        JsonNode key = issueKey(tenant);
        http.post("/admin/tenants/" + tenant + "/credits", admin, "{\"amount\":\"100\",\"currency\":\"USD\",\"kind\":\"topped_up\"}");
        // models of this test's own, so reports across all tenants see only these rows
        String ma = "m-a-" + UUID.randomUUID();
        String mb = "m-b-" + UUID.randomUUID();
        // six rows around a period from 03-01 12:00 to 03-03 06:00: the first and last fall outside it
        append(tenant, key, ma, "2026-03-01T10:00:00Z", "0.1");
        String r2 = append(tenant, key, ma, "2026-03-01T13:00:00Z", "0.02");
        String r3 = append(tenant, key, ma, "2026-03-02T09:00:00Z", "0.003");
        String r4 = append(tenant, key, mb, "2026-03-02T23:59:59Z", "0.0004");
        String r5 = append(tenant, key, mb, "2026-03-03T05:00:00Z", "0.00005");
        append(tenant, key, mb, "2026-03-03T07:00:00Z", "0.6");
        String period = "tenant=" + tenant + "&from=2026-03-01T12:00:00Z&to=2026-03-03T06:00:00Z";

        JsonNode usage = http.get("/admin/usage?" + period, auditor).json();

        assertThat(usage.path("data").findValuesAsText("request_id")).containsExactly(r5, r4, r3, r2);
        JsonNode row = usage.path("data").get(0);
        assertThat(row.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(row.path("charge").path("total").asText()).isEqualTo("0.00005");
        assertThat(row.path("price_version").asText()).isEqualTo("v-report");
        assertThat(usage.path("totals").path("requests").asLong()).isEqualTo(4);
        assertThat(usage.path("totals").path("completion_tokens").asLong()).isEqualTo(4 * 3);
        assertThat(usage.path("totals").path("prompt_cache_hit_tokens").asLong()).isEqualTo(4 * 4);
        assertThat(usage.path("totals").path("prompt_cache_miss_tokens").asLong()).isEqualTo(4 * 6);
        assertThat(usage.path("totals").path("charges").get(0).path("total").asText()).isEqualTo("0.02345");

        JsonNode report = http.get("/admin/usage/report?group_by=model,day&" + period, auditor).json();
        assertThat(report.path("data")).hasSize(4);
        assertThat(report.path("data").findValuesAsText("day")).containsExactly("2026-03-01", "2026-03-02", "2026-03-02", "2026-03-03");
        assertThat(report.path("data").findValuesAsText("model")).containsExactly(ma, ma, mb, mb);
        assertThat(report.path("data").findValuesAsText("total")).containsExactly("0.02", "0.003", "0.0004", "0.00005");
        assertThat(report.path("data").get(0).path("tenant_id").isNull()).as("not grouped by tenant").isTrue();
        assertThat(report.path("totals").path("charges").get(0).path("total").asText()).isEqualTo("0.02345");

        JsonNode month = http.get("/admin/usage/report?group_by=model&month=2026-03&tenant=" + tenant, admin).json();
        assertThat(month.path("from").asText()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(month.path("to").asText()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(month.path("data").findValuesAsText("total")).containsExactly("0.123", "0.60045");
        assertThat(month.path("data").findValuesAsText("requests")).containsExactly("3", "3");
        assertThat(month.path("totals").path("charges").get(0).path("total").asText()).isEqualTo("0.72345");

        // no tenant named or grouped by: answered from the daily totals across tenants, with the same sums
        JsonNode platform = http.get("/admin/usage/report?group_by=day&month=2026-03&model=" + ma, auditor).json();
        assertThat(platform.path("data").findValuesAsText("total")).containsExactly("0.12", "0.003");
        JsonNode platformEdges = http.get("/admin/usage?model=" + mb + "&from=2026-03-02T12:00:00Z&to=2026-03-03T06:00:00Z",
                auditor).json();
        assertThat(platformEdges.path("totals").path("charges").get(0).path("total").asText()).isEqualTo("0.00045");

        JsonNode byTenant = http.get("/admin/usage/report?group_by=tenant,backend&from=2026-03-01&to=2026-03-04&tenant=" + tenant, admin)
                .json().path("data").get(0);
        assertThat(byTenant.path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(byTenant.path("backend").asText()).isEqualTo("cpu");
        assertThat(byTenant.path("requests").asLong()).isEqualTo(6);

        assertThat(http.get("/admin/usage?backend=cuda&tenant=" + tenant, admin).json().path("data")).isEmpty();
        assertThat(http.get("/admin/usage?backend=cpu&model=" + mb + "&tenant=" + tenant, admin).json()
                .path("totals").path("requests").asLong()).isEqualTo(3);

        JsonNode page = http.get("/admin/usage?limit=2&tenant=" + tenant, admin).json();
        assertThat(page.path("data")).hasSize(2);
        assertThat(page.path("has_more").asBoolean()).isTrue();
        assertThat(page.path("totals").path("requests").asLong()).as("totals cover every matching row, not the page").isEqualTo(6);
    }

    @Test
    void aReportAcrossMonthsAddsWholeMonthsWholeDaysAndPartialDaysWithoutCountingAnyRowTwice() {
        String tenant = createTenant();
        JsonNode key = issueKey(tenant);
        http.post("/admin/tenants/" + tenant + "/credits", admin, "{\"amount\":\"100\",\"currency\":\"USD\",\"kind\":\"topped_up\"}");
        String model = "m-months-" + UUID.randomUUID();
        append(tenant, key, model, "2026-02-27T12:00:00Z", "0.5");
        append(tenant, key, model, "2026-02-28T10:00:00Z", "0.1");
        append(tenant, key, model, "2026-03-15T08:00:00Z", "0.02");
        append(tenant, key, model, "2026-03-31T23:59:59Z", "0.003");
        append(tenant, key, model, "2026-04-01T01:00:00Z", "0.0004");
        append(tenant, key, model, "2026-04-02T00:00:00Z", "0.6");
        String t = "&tenant=" + tenant;

        // a day before March, March itself, a day after it
        JsonNode days = http.get("/admin/usage/report?group_by=model&from=2026-02-28&to=2026-04-02" + t, auditor).json();
        // the same with partial days at both edges
        JsonNode partial = http.get("/admin/usage/report?group_by=tenant&from=2026-02-28T06:00:00Z&to=2026-04-01T12:00:00Z" + t,
                auditor).json();
        JsonNode daily = http.get("/admin/usage/report?group_by=day&from=2026-02-28&to=2026-04-02" + t, auditor).json();
        JsonNode platform = http.get("/admin/usage/report?model=" + model + "&from=2026-02-28&to=2026-04-02", auditor).json();
        JsonNode listing = http.get("/admin/usage?from=2026-02-28&to=2026-04-02" + t, auditor).json();

        for (JsonNode report : List.of(days, partial, daily, platform, listing)) {
            assertThat(report.path("totals").path("requests").asLong()).as(report.toString()).isEqualTo(4);
            assertThat(report.path("totals").path("charges").get(0).path("total").asText()).as(report.toString()).isEqualTo("0.1234");
        }
        assertThat(days.path("data").findValuesAsText("total")).containsExactly("0.1234");
        assertThat(partial.path("data").get(0).path("tenant_id").asText()).isEqualTo(tenant);
        assertThat(daily.path("data").findValuesAsText("day")).containsExactly("2026-02-28", "2026-03-15", "2026-03-31", "2026-04-01");
        assertThat(http.get("/admin/usage/report?group_by=model" + t, auditor).json().path("totals").path("requests").asLong())
                .as("all time").isEqualTo(6);
    }

    @Test
    void usageQueriesRefuseBadPeriodsDimensionsAndTenants() {
        assertInvalid(http.get("/admin/usage?from=2026-03-02&to=2026-03-01", admin), "to");
        assertInvalid(http.get("/admin/usage?from=yesterday", admin), "from");
        assertInvalid(http.get("/admin/usage/report?group_by=week", admin), "group_by");
        assertInvalid(http.get("/admin/usage/report?month=2026-13", admin), "month");
        assertInvalid(http.get("/admin/usage/report?month=2026-03&from=2026-03-02", admin), "month");
        assertInvalid(http.get("/admin/usage?tenant=acme", admin), "tenant");
        assertInvalid(http.get("/admin/usage?limit=0", admin), "limit");
        assertInvalid(http.get("/admin/usage?limit=1001", admin), "limit");
        AdminHttp.Reply unknown = http.get("/admin/usage/report?tenant=" + UUID.randomUUID(), admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("tenant_not_found");
    }

    /** Appends a settled ledger row directly, as a completed request would: 10 prompt tokens (4 cache hits), 3 output. */
    private String append(String tenant, JsonNode key, String model, String startedAt, String total) {
        String requestId = "report-" + UUID.randomUUID();
        BigDecimal charge = new BigDecimal(total);
        Instant start = Instant.parse(startedAt);
        ledger.append(new UsageRecord(requestId, new TenantId(UUID.fromString(tenant)),
                new ApiKeyId(UUID.fromString(key.path("id").asText())), model, "cpu", new TokenCounts(10, 4, 3),
                UsageStatus.COMPLETED, start, start.plusMillis(1),
                new ChargeSummary(Optional.of("v-report"), List.of(), Currency.getInstance("USD"), BigDecimal.ZERO, charge,
                        BigDecimal.ZERO, BigDecimal.ZERO, charge)));
        return requestId;
    }

    // --- helpers

    private String createTenant() {
        AdminHttp.Reply reply = http.post("/admin/tenants", admin, "{\"name\":\"admin-api-" + UUID.randomUUID() + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    private JsonNode issueKey(String tenant) {
        AdminHttp.Reply reply = http.post("/admin/tenants/" + tenant + "/keys", admin, "{}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    static String price(String model, String hit, String miss, String output, String effectiveFrom) {
        return """
                {"model": "%s", "currency": "USD", "input_cache_hit": "%s", "input_cache_miss": "%s", "output": "%s"%s}"""
                .formatted(model, hit, miss, output, effectiveFrom == null ? "" : ", \"effective_from\": \"" + effectiveFrom + "\"");
    }

    /** One admin request: method, path, body, and whether it changes anything (admins only). */
    record Call(String method, String path, String body, boolean changes) {
    }

    /** Every admin endpoint, with a valid request for it on {@code tenant}; a fresh model keeps changes harmless. */
    static List<Call> allCalls(String tenant) {
        String t = "/admin/tenants/" + tenant;
        String model = "calls-" + UUID.randomUUID();
        return List.of(
                new Call("POST", "/admin/tenants", "{\"name\":\"calls-" + UUID.randomUUID() + "\"}", true),
                new Call("GET", "/admin/tenants", null, false),
                new Call("GET", t, null, false),
                new Call("POST", t + "/suspend", null, true),
                new Call("POST", t + "/reactivate", null, true),
                new Call("PUT", t + "/plan", "{\"plan\":\"pro\"}", true),
                new Call("PUT", t + "/limits", "{\"requests_per_minute\":5}", true),
                new Call("POST", t + "/keys", "{\"label\":\"x\"}", true),
                new Call("GET", t + "/keys", null, false),
                new Call("POST", t + "/keys/" + UUID.randomUUID() + "/revoke", null, true),
                new Call("POST", t + "/credits", "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"granted\"}", true),
                new Call("POST", t + "/content-retention", "{\"days\":30}", true),
                new Call("GET", t + "/content", null, false),
                new Call("POST", "/admin/prices", price(model, "1", "2", "3", null), true),
                new Call("GET", "/admin/prices", null, false),
                new Call("POST", "/admin/prices/preview", "{\"model\":\"" + model + "\",\"completion_tokens\":10}", false),
                new Call("POST", "/admin/promotions",
                        "{\"name\":\"x\",\"percent_off\":\"5\",\"token_classes\":[\"output\"],\"models\":[\"" + model + "\"]}", true),
                new Call("GET", "/admin/promotions", null, false),
                new Call("POST", "/admin/promotions/" + UUID.randomUUID() + "/end", null, true),
                new Call("GET", "/admin/models", null, false),
                new Call("GET", "/admin/usage?tenant=" + tenant, null, false),
                new Call("GET", "/admin/usage/report?group_by=model,day&tenant=" + tenant, null, false));
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A 400 in the OpenAI error shape whose message names the field. */
    static void assertInvalid(AdminHttp.Reply reply, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertError(reply, "invalid_request_error");
        assertThat(reply.errorMessage()).as(reply.toString()).contains("'" + field + "'");
    }

    static void assertError(AdminHttp.Reply reply, String type) {
        JsonNode error = reply.json().path("error");
        assertThat(error.path("type").asText()).as(reply.toString()).isEqualTo(type);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("code")).isTrue();
    }
}
