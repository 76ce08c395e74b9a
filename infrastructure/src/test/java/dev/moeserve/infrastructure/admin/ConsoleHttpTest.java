package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.infrastructure.audit.AuditSigningKey;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.support.SharedDemoHome;
import dev.moeserve.infrastructure.support.TestDatabase;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console over plain HTTP (no browser, cookies by hand, redirects never followed) against the real
 * embedded PostgreSQL: sign-in and its cookie, CSRF on every change, the auditor's read-only role,
 * the hardening headers, revocation, the audit trail of console changes, usage sorting, the signed
 * export and the chain check.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleHttpTest implements TestPropertyProvider {
    private static final String MODEL = "console-http-demo";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern SCRIPT = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern CODE = Pattern.compile("<code>([^<]*)</code>");

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private AdminHttp api;
    private String adminName;
    private String admin;
    private String auditor;
    /** A tenant with three completions of different sizes, in request order. */
    private String usageTenant;
    private final List<String> requests = new ArrayList<>();
    private final Map<String, Long> tokensOf = new LinkedHashMap<>();

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void operatorsAndSomeUsage() {
        api = new AdminHttp(server.getURI());
        adminName = "console-http-admin-" + UUID.randomUUID();
        admin = credentials.issue(adminName, "admin");
        auditor = credentials.issue("console-http-auditor-" + UUID.randomUUID(), "auditor");
        AdminHttp.Reply priced = api.post("/admin/prices", admin, AdminApiTest.price(MODEL, "0.028", "1.74", "3.48", null));
        assertThat(priced.status()).as(priced.toString()).isEqualTo(201);

        usageTenant = createTenant();
        String key = api.post("/admin/tenants/" + usageTenant + "/keys", admin, "{}").json().path("key").asText();
        assertThat(api.post("/admin/tenants/" + usageTenant + "/credits", admin,
                "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"granted\"}").status()).isEqualTo(201);
        // longer prompts and more output tokens: the totals differ whether or not generation stops early
        String[] prompts = {"Hi", "Hello there, how are you doing today? Tell me a story.",
                "Please write a long and detailed answer about the history of the printing press in Europe, with dates."};
        int[] maxTokens = {1, 4, 9};
        for (int i = 0; i < prompts.length; i++) {
            AdminHttp.Reply reply = api.post("/v1/chat/completions", key, """
                    {"model":"%s","messages":[{"role":"user","content":"%s"}],"max_tokens":%d,"temperature":0}"""
                    .formatted(MODEL, prompts[i], maxTokens[i]));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            String id = reply.json().path("id").asText();
            requests.add(id);
            tokensOf.put(id, reply.json().path("usage").path("total_tokens").asLong());
        }
        assertThat(tokensOf.values()).as("three different sizes").doesNotHaveDuplicates();
    }

    // --- sign-in

    @Test
    void withoutASessionPagesRedirectToSignInAndOnlyAnOperatorTokenSignsIn() {
        for (String page : List.of("/console/pricing", "/console/tenants", "/console/usage", "/console/audit")) {
            HttpResponse<String> anonymous = get(page, null);
            assertThat(anonymous.statusCode()).as(page).isEqualTo(303);
            assertThat(anonymous.headers().firstValue("Location")).as(page).hasValue("/console/login");
        }
        HttpResponse<String> htmx = send(request("/console/pricing", null).header("HX-Request", "true").GET());
        assertThat(htmx.statusCode()).isEqualTo(401);
        assertThat(htmx.headers().firstValue("HX-Redirect")).hasValue("/console/login");

        for (String wrong : new String[]{"ms-admin-not-a-real-token", "", "sk-ms-" + "0".repeat(64)}) {
            HttpResponse<String> refused = post("/console/login", null, "token=" + enc(wrong));
            assertThat(refused.statusCode()).as(wrong).isEqualTo(401);
            assertThat(refused.headers().allValues("Set-Cookie")).as(wrong).isEmpty();
            assertThat(refused.body()).contains("id=\"error\"");
        }

        HttpResponse<String> signedIn = post("/console/login", null, "token=" + enc(admin));
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/console/pricing");
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        assertThat(cookies).hasSize(1);
        String cookie = cookies.getFirst();
        assertThat(cookie).startsWith("moeserve_console=");
        List<String> attributes = List.of(cookie.split(";\\s*"));
        assertThat(attributes).anyMatch(a -> a.equalsIgnoreCase("HttpOnly"));
        assertThat(attributes).anyMatch(a -> a.equalsIgnoreCase("SameSite=Strict"));
        assertThat(attributes).anyMatch(a -> a.equals("Path=/console"));
        String sessionId = attributes.getFirst().substring("moeserve_console=".length());
        assertThat(sessionId).hasSizeGreaterThanOrEqualTo(40).doesNotContain(admin);

        Session session = new Session(sessionId, null);
        HttpResponse<String> page = get("/console/pricing", session);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(adminName + " (admin)").doesNotContain(admin);
        assertThat(get("/console/login", session).headers().firstValue("Location")).hasValue("/console/pricing");
        assertThat(get("/console/pricing", new Session("forged-" + sessionId, null)).statusCode()).isEqualTo(303);
    }

    // --- CSRF

    /** One console change: where it posts, a valid body, and the status it answers when done. */
    private record Change(String name, String path, String body, int doneStatus) {
    }

    @Test
    void everyChangeNeedsTheSessionsCsrfTokenAndChangesNothingWithoutIt() throws SQLException {
        Session session = signIn(admin);
        Session other = signIn(admin);
        String tenant = createTenant();
        String key = api.post("/admin/tenants/" + tenant + "/keys", admin, "{\"label\":\"k\"}").json().path("id").asText();
        String promotion = api.post("/admin/promotions", admin, """
                {"name":"csrf target","percent_off":"5","token_classes":["output"],"models":["csrf-%s"]}"""
                .formatted(UUID.randomUUID())).json().path("id").asText();
        String promotionName = "csrf-promo-" + UUID.randomUUID();
        String priceModel = "csrf-price-" + UUID.randomUUID();
        String tenantName = "csrf-tenant-" + UUID.randomUUID();
        String t = "/console/tenants/" + tenant;
        List<Change> changes = List.of(
                new Change("promotion", "/console/promotions", "name=" + promotionName
                        + "&percent_off=10&token_classes=output&models=" + enc("csrf-" + UUID.randomUUID()), 303),
                new Change("end promotion", "/console/promotions/" + promotion + "/end", "", 303),
                new Change("price", "/console/prices", "model=" + priceModel
                        + "&currency=USD&input_cache_hit=1&input_cache_miss=2&output=3", 303),
                new Change("tenant", "/console/tenants", "name=" + tenantName, 303),
                new Change("plan", t + "/plan", "plan=pro", 303),
                new Change("limits", t + "/limits", "requests_per_minute=5&tokens_per_minute=&max_concurrent=2", 303),
                new Change("credits", t + "/credits", "amount=1.5&currency=USD&kind=granted", 303),
                new Change("issue key", t + "/keys", "label=from-console", 200),
                new Change("revoke key", t + "/keys/" + key + "/revoke", "", 303),
                // last: a suspended tenant's keys are refused, and the key issued above is tried
                new Change("status", t + "/status", "status=suspended", 303));
        String before = state(tenant, promotion, priceModel);
        long auditRows = auditRows();

        for (Change change : changes) {
            for (String token : new String[]{null, "", "wrong-" + session.csrf(), session.csrf().substring(1), other.csrf()}) {
                String body = token == null ? change.body() : join(change.body(), "_csrf=" + enc(token));
                HttpResponse<String> refused = post(change.path(), session, body);
                assertThat(refused.statusCode()).as(change.name() + " with CSRF " + token).isEqualTo(403);
                assertThat(refused.body()).as(change.name()).contains("CSRF");
            }
            HttpResponse<String> wrongHeader = send(request(change.path(), session).header("X-CSRF-Token", other.csrf())
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(change.body())));
            assertThat(wrongHeader.statusCode()).as(change.name() + " with another session's header").isEqualTo(403);
        }
        HttpResponse<String> logout = post("/console/logout", session, "");
        assertThat(logout.statusCode()).isEqualTo(403);
        assertThat(post("/console/logout", session, "_csrf=" + enc(other.csrf())).statusCode()).isEqualTo(403);

        assertThat(state(tenant, promotion, priceModel)).as("nothing changed").isEqualTo(before);
        assertThat(auditRows()).as("nothing audited").isEqualTo(auditRows);
        assertThat(promotionNames()).doesNotContain(promotionName);
        assertThat(get("/console/pricing", session).statusCode()).as("still signed in").isEqualTo(200);

        // with the right token each one is done
        for (Change change : changes) {
            HttpResponse<String> done = post(change.path(), session, join(change.body(), "_csrf=" + enc(session.csrf())));
            assertThat(done.statusCode()).as(change.name() + ": " + done.body()).isEqualTo(change.doneStatus());
            if (change.name().equals("tenant")) {
                assertThat(done.headers().firstValue("Location").orElseThrow()).startsWith("/console/tenants/");
                String created = done.headers().firstValue("Location").orElseThrow().substring("/console/tenants/".length());
                assertThat(api.get("/admin/tenants/" + created, admin).json().path("name").asText()).isEqualTo(tenantName);
            }
            if (change.name().equals("issue key")) {
                Matcher issued = Pattern.compile("id=\"new-key-value\">(sk-[^<]+)<").matcher(done.body());
                assertThat(issued.find()).as(done.body()).isTrue();
                assertThat(api.get("/v1/models", issued.group(1)).status()).as("the new key works").isEqualTo(200);
            }
        }
        assertThat(promotionNames()).contains(promotionName);
        assertThat(api.get("/admin/promotions/" + promotion, admin).json().path("active").asBoolean()).isFalse();
        assertThat(api.get("/admin/prices?model=" + priceModel, admin).json().path("data").get(0).path("model").asText())
                .isEqualTo(priceModel);
        JsonNode account = api.get("/admin/tenants/" + tenant, admin).json();
        assertThat(account.path("status").asText()).isEqualTo("suspended");
        assertThat(account.path("plan").asText()).isEqualTo("pro");
        assertThat(account.path("limits").path("requests_per_minute").asInt()).isEqualTo(5);
        assertThat(account.path("limits").path("tokens_per_minute").isNull()).isTrue();
        assertThat(account.path("limits").path("max_concurrent").asInt()).isEqualTo(2);
        assertThat(account.path("balances").toString()).contains("1.5");
        JsonNode keys = api.get("/admin/tenants/" + tenant + "/keys", admin).json().path("data");
        assertThat(keys).hasSize(2);
        for (JsonNode k : keys) {
            assertThat(k.path("revoked_at").isNull()).as(k.toString()).isEqualTo(!k.path("id").asText().equals(key));
        }
        assertThat(auditRows()).as("one audit row per change").isEqualTo(auditRows + changes.size());

        // the header carries the token as well as the form field
        HttpResponse<String> viaHeader = send(request(t + "/plan", session).header("X-CSRF-Token", session.csrf())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("plan=enterprise")));
        assertThat(viaHeader.statusCode()).isEqualTo(303);
        assertThat(api.get("/admin/tenants/" + tenant, admin).json().path("plan").asText()).isEqualTo("enterprise");

        HttpResponse<String> signedOut = post("/console/logout", session, "_csrf=" + enc(session.csrf()));
        assertThat(signedOut.statusCode()).isEqualTo(303);
        assertThat(signedOut.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(signedOut.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("moeserve_console=;").contains("Max-Age=0");
        assertThat(get("/console/pricing", session).statusCode()).as("the session is gone").isEqualTo(303);
        assertThat(get("/console/pricing", other).statusCode()).as("other sessions stay").isEqualTo(200);
    }

    @Test
    void previewsOnlyReadButStillNeedTheCsrfToken() {
        Session session = signIn(auditor);
        String draft = "name=p&percent_off=50&token_classes=output&models=" + MODEL;

        assertThat(post("/console/pricing/preview", session, draft).statusCode()).isEqualTo(403);
        assertThat(post("/console/pricing/what-if", session, join(draft, "_csrf=nope")).statusCode()).isEqualTo(403);
        HttpResponse<String> preview = post("/console/pricing/preview", session, join(draft, "_csrf=" + enc(session.csrf())));
        assertThat(preview.statusCode()).isEqualTo(200);
        // 3.48 per million output tokens at 50% off
        Matcher output = Pattern.compile("data-model=\"" + MODEL + "\" data-class=\"output\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(preview.body());
        assertThat(output.find()).as(preview.body()).isTrue();
        Matcher price = Pattern.compile("preview-price[^>]*>([^<]+)<").matcher(output.group(1));
        assertThat(price.find()).isTrue();
        assertThat(price.group(1)).isEqualTo("1.74 USD");
        HttpResponse<String> whatIf = post("/console/pricing/what-if", session, join(draft, "_csrf=" + enc(session.csrf())));
        assertThat(whatIf.statusCode()).isEqualTo(200);
        assertThat(whatIf.body()).doesNotContain("id=\"error\"");
    }

    // --- the auditor

    @Test
    void anAuditorReadsEveryPageButEveryChangeIsRefused() throws SQLException {
        Session session = signIn(auditor);
        String tenant = createTenant();
        for (String page : List.of("/console/pricing", "/console/tenants", "/console/tenants/" + tenant, "/console/usage",
                "/console/audit", "/console/audit?verify=true")) {
            HttpResponse<String> read = get(page, session);
            assertThat(read.statusCode()).as(page).isEqualTo(200);
            assertThat(read.body()).as(page).contains("(auditor)");
        }
        String name = "auditor-promo-" + UUID.randomUUID();
        long auditRows = auditRows();
        String tenantBefore = api.get("/admin/tenants/" + tenant, admin).body();

        HttpResponse<String> promotion = post("/console/promotions", session, "name=" + name
                + "&percent_off=10&token_classes=output&models=" + MODEL + "&_csrf=" + enc(session.csrf()));
        assertThat(promotion.statusCode()).isEqualTo(403);
        assertThat(promotion.body()).contains("auditor").contains("value=\"" + name + "\"");
        assertThat(post("/console/tenants/" + tenant + "/status", session, "status=suspended&_csrf=" + enc(session.csrf())).statusCode())
                .isEqualTo(403);
        assertThat(post("/console/tenants/" + tenant + "/credits", session,
                "amount=5&currency=USD&kind=granted&_csrf=" + enc(session.csrf())).statusCode()).isEqualTo(403);
        assertThat(post("/console/prices", session, "model=auditor-" + UUID.randomUUID()
                + "&input_cache_hit=1&input_cache_miss=1&output=1&_csrf=" + enc(session.csrf())).statusCode()).isEqualTo(403);

        assertThat(promotionNames()).doesNotContain(name);
        assertThat(api.get("/admin/tenants/" + tenant, admin).body()).isEqualTo(tenantBefore);
        assertThat(auditRows()).isEqualTo(auditRows);
    }

    // --- browser hardening

    @Test
    void everyResponseForbidsInlineScriptsAndFramingAndThePagesHaveNone() {
        Session session = signIn(admin);
        String csrf = "_csrf=" + enc(session.csrf());
        List<HttpResponse<String>> responses = new ArrayList<>(List.of(
                get("/console/login", null),
                get("/console/pricing", null),
                post("/console/login", null, "token=wrong"),
                get("/console/pricing", session),
                get("/console/tenants", session),
                get("/console/tenants/" + usageTenant, session),
                get("/console/usage?tenant=" + usageTenant, session),
                get("/console/audit?verify=true", session),
                post("/console/promotions", session, "name=x"),
                post("/console/pricing/preview", session, "name=p&percent_off=5&token_classes=output&" + csrf),
                post("/console/pricing/what-if", session, "name=p&percent_off=5&token_classes=output&" + csrf)));
        for (HttpResponse<String> response : responses) {
            String what = response.request().method() + " " + response.uri().getPath() + " " + response.statusCode();
            String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(what).contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).as(what).hasValue("no-store");
            assertNoInlineCode(what, response.body());
        }
        HttpResponse<String> usage = responses.get(6);
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"usage-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(usage.body());
        assertThat(data.find()).as("the chart data block").isTrue();
        JsonNode charts = parse(data.group(1));
        assertThat(charts.path("byTenant").toString()).contains(usageTenant);
        assertThat(SCRIPT.matcher(usage.body()).results().filter(m -> m.group(1).contains("src=")).count())
                .as("htmx, Chart.js and the chart script").isGreaterThanOrEqualTo(3);
    }

    // --- revocation

    @Test
    void revokingTheOperatorTokenEndsItsSessionsAtTheNextRequest() throws SQLException {
        String name = "console-http-revoked-" + UUID.randomUUID();
        String token = credentials.issue(name, "admin");
        Session session = signIn(token);
        assertThat(get("/console/tenants", session).statusCode()).isEqualTo(200);

        try (Connection c = TestDatabase.connect();
             PreparedStatement st = c.prepareStatement("update admin_credential set revoked_at = now() where name = ?")) {
            st.setString(1, name);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }

        HttpResponse<String> page = get("/console/tenants", session);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        String promotionName = "revoked-" + UUID.randomUUID();
        HttpResponse<String> change = post("/console/promotions", session, "name=" + promotionName
                + "&percent_off=10&token_classes=output&models=" + MODEL + "&_csrf=" + enc(session.csrf()));
        assertThat(change.statusCode()).isEqualTo(303);
        assertThat(change.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(promotionNames()).doesNotContain(promotionName);
        assertThat(post("/console/login", null, "token=" + enc(token)).statusCode()).isEqualTo(401);
    }

    // --- the audit trail

    @Test
    void aConsoleChangeIsInTheAdminAuditLogWithTheOperatorAndThePeerAddressNotAForgedOne() throws SQLException {
        Session session = signIn(admin);
        String name = "audited-" + UUID.randomUUID();
        HttpResponse<String> created = send(request("/console/promotions", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                // no trusted proxies are configured: this header must be ignored
                .header("X-Forwarded-For", "198.51.100.77")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + name + "&percent_off=20&token_classes=output&token_classes=input_cache_miss"
                        + "&models=audited-model-" + UUID.randomUUID() + "&_csrf=" + enc(session.csrf()))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(303);
        String flash = get("/console/pricing", session).body();
        Matcher saved = Pattern.compile(Pattern.quote(name) + "(?:'|&#39;) saved \\(([^)]+)\\)").matcher(flash);
        assertThat(saved.find()).as("the flash names the new promotion").isTrue();
        String target = "promotion:" + saved.group(1);

        List<List<String>> rows = auditRows(get("/console/audit?action=" + enc("promotion.") + "&actor=" + enc(adminName), session).body());
        List<List<String>> ours = rows.stream().filter(r -> r.get(4).equals(target)).toList();
        assertThat(ours).as(rows.toString()).hasSize(1);
        List<String> row = ours.getFirst();
        assertThat(row.get(1)).isEqualTo(adminName);
        assertThat(row.get(2)).isEqualTo("admin");
        assertThat(row.get(3)).isEqualTo("promotion.add");
        assertThat(row.get(6)).contains(name);
        assertThat(row.get(7)).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get(1)).isEqualTo(adminName);
            assertThat(r.get(3)).startsWith("promotion.");
        });
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select actor, role, action, address from admin_audit_log where target = ?")) {
            st.setString(1, target);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("actor")).isEqualTo(adminName);
                assertThat(rs.getString("action")).isEqualTo("promotion.add");
                assertThat(rs.getString("address")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
                assertThat(rs.next()).isFalse();
            }
        }
        // filters that do not match leave it out
        assertThat(auditRows(get("/console/audit?action=tenant.&actor=" + enc(adminName), session).body()))
                .noneMatch(r -> r.get(4).equals(target));
        assertThat(auditRows(get("/console/audit?action=promotion.&actor=someone-else", session).body())).isEmpty();
    }

    @Test
    void verifyingShowsBothChainsIntact() {
        Session session = signIn(auditor);
        assertThat(get("/console/audit", session).body()).doesNotContain("id=\"chain-table\"");

        String page = get("/console/audit?verify=true", session).body();

        assertThat(page).contains("id=\"chain-table\"");
        Matcher chains = Pattern.compile("<td>([^<]+)</td>\\s*<td><span class=\"chain ([a-z]+)\">([^<]+)</span></td>\\s*"
                + "<td class=\"num\">(\\d+)</td>").matcher(page);
        Map<String, String> verdicts = new LinkedHashMap<>();
        while (chains.find()) {
            verdicts.put(chains.group(1), chains.group(3));
            assertThat(chains.group(2)).isEqualTo("intact");
            assertThat(Long.parseLong(chains.group(4))).as("rows checked").isPositive();
        }
        assertThat(verdicts).containsExactly(Map.entry("usage ledger", "intact"), Map.entry("admin audit log", "intact"));
        assertThat(page).doesNotContain("BROKEN");
    }

    // --- usage

    @Test
    void theUsageTableSortsOnTheServer() {
        Session session = signIn(auditor);
        List<String> byTokens = new ArrayList<>(requests);
        byTokens.sort(Comparator.comparing(tokensOf::get));

        assertThat(usageRows(session, "tokens_most")).containsExactlyElementsOf(byTokens.reversed());
        assertThat(usageRows(session, "tokens_fewest")).containsExactlyElementsOf(byTokens);
        assertThat(usageRows(session, "oldest")).containsExactlyElementsOf(requests);
        assertThat(usageRows(session, "newest")).containsExactlyElementsOf(requests.reversed());
        assertThat(usageRows(session, "no-such-order")).as("an unknown sort is the default").containsExactlyElementsOf(requests.reversed());

        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        for (JsonNode row : api.get("/admin/usage?tenant=" + usageTenant, admin).json().path("data")) {
            totals.put(row.path("request_id").asText(), new BigDecimal(row.path("charge").path("total").asText()));
        }
        assertThat(totals.keySet()).containsExactlyInAnyOrderElementsOf(requests);
        assertThat(totals.values().stream().map(BigDecimal::stripTrailingZeros).distinct().count())
                .as("three different charges: " + totals).isEqualTo(3);
        List<String> byTotal = new ArrayList<>(requests);
        byTotal.sort(Comparator.comparing(totals::get));
        assertThat(usageRows(session, "total_lowest")).containsExactlyElementsOf(byTotal);
        assertThat(usageRows(session, "total_highest")).containsExactlyElementsOf(byTotal.reversed());
    }

    // --- signed export

    @Test
    void theExportIsAZipOfTheTenantsRowsAndASignatureThatVerifiesWithTheServersKey() throws IOException {
        Session session = signIn(auditor);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        HttpResponse<byte[]> export = sendBytes(request("/console/audit/export?tenant=" + usageTenant + "&from=" + today.minusDays(1)
                + "&to=" + today.plusDays(1), session).GET());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");
        assertThat(export.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(usageTenant)
                .contains(".zip");
        Map<String, byte[]> entries = unzip(export.body());
        assertThat(entries).hasSize(2);
        String jsonl = entries.keySet().stream().filter(n -> n.endsWith(".jsonl")).findFirst().orElseThrow();
        assertThat(jsonl).startsWith("ledger-" + usageTenant + "-");
        assertThat(entries).containsKey(jsonl + ".sig");
        byte[] data = entries.get(jsonl);
        String signature = new String(entries.get(jsonl + ".sig"), StandardCharsets.US_ASCII);

        var publicKey = AuditSigningKey.readPublicKey(AuditSigningKey.publicKeyFile(SharedDemoHome.path()));
        assertThat(AuditSigningKey.verify(publicKey, data, signature)).isTrue();
        byte[] tampered = data.clone();
        tampered[tampered.length / 2] ^= 1;
        assertThat(AuditSigningKey.verify(publicKey, tampered, signature)).as("the signature covers the bytes").isFalse();

        List<String> lines = new String(data, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(requests.size());
        List<String> exported = new ArrayList<>();
        for (String line : lines) {
            JsonNode row = parse(line);
            assertThat(row.path("tenant_id").asText()).isEqualTo(usageTenant);
            exported.add(row.path("request_id").asText());
        }
        assertThat(exported).as("oldest first").containsExactlyElementsOf(requests);
        assertThat(api.get("/admin/usage?tenant=" + usageTenant, admin).json().path("data")).hasSize(lines.size());

        // a period without rows is an empty, still signed, file
        HttpResponse<byte[]> empty = sendBytes(request("/console/audit/export?tenant=" + usageTenant + "&from=" + today.minusDays(9)
                + "&to=" + today.minusDays(8), session).GET());
        Map<String, byte[]> emptyEntries = unzip(empty.body());
        byte[] emptyData = emptyEntries.entrySet().stream().filter(e -> e.getKey().endsWith(".jsonl")).findFirst().orElseThrow().getValue();
        assertThat(emptyData).isEmpty();

        assertThat(get("/console/audit/export?from=" + today + "&to=" + today.plusDays(1), session).statusCode()).isEqualTo(400);
        assertThat(get("/console/audit/export?tenant=" + UUID.randomUUID() + "&from=" + today + "&to=" + today.plusDays(1), session)
                .statusCode()).isEqualTo(404);
        assertThat(get("/console/audit/export?tenant=" + usageTenant + "&from=" + today + "&to=" + today, session).statusCode())
                .isEqualTo(400);
        assertThat(get("/console/audit/export?tenant=" + usageTenant + "&from=" + today + "&to=" + today.plusDays(1), null)
                .statusCode()).as("signed in only").isEqualTo(303);
    }

    /**
     * A refused export (here: no tenant named) is the audit page with the reason, so it must be served as
     * HTML whatever the browser accepts; answered as application/zip, the browser saves the error page as a
     * broken download instead of showing it.
     */
    @Test
    void aRefusedExportIsShownAsAnHtmlPageNotSentAsAZip() {
        Session session = signIn(auditor);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String path = "/console/audit/export?from=" + today + "&to=" + today.plusDays(1);
        for (String accept : new String[]{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null, "*/*"}) {
            HttpRequest.Builder request = request(path, session).GET();
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> refused = send(request);
            assertThat(refused.statusCode()).as("Accept: " + accept).isEqualTo(400);
            assertThat(refused.body()).as("Accept: " + accept).contains("id=\"error\"").contains("tenant");
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as("Accept: " + accept).startsWith("text/html");
        }
    }

    // --- helpers

    /** A signed-in browser: its session cookie and the CSRF token its pages carry. */
    private record Session(String id, String csrf) {
    }

    private Session signIn(String token) {
        HttpResponse<String> signedIn = post("/console/login", null, "token=" + enc(token));
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        String id = cookie.substring("moeserve_console=".length(), cookie.indexOf(';'));
        HttpResponse<String> page = get("/console/pricing", new Session(id, null));
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as(page.body()).isTrue();
        return new Session(id, csrf.group(1));
    }

    private List<String> usageRows(Session session, String sort) {
        HttpResponse<String> page = get("/console/usage?tenant=" + usageTenant + "&sort=" + sort, session);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = page.body();
        int start = body.indexOf("id=\"usage-rows\"");
        assertThat(start).isPositive();
        String table = body.substring(start, body.indexOf("</table>", start));
        return CODE.matcher(table).results().map(m -> m.group(1)).toList();
    }

    /** The admin-log table's rows: when, who, role, action, target, before, after, from. */
    private static List<List<String>> auditRows(String page) {
        int start = page.indexOf("id=\"audit-table\"");
        assertThat(start).isPositive();
        String table = page.substring(start, page.indexOf("</table>", start));
        String tbody = table.substring(table.indexOf("<tbody>"));
        List<List<String>> rows = new ArrayList<>();
        for (String tr : tbody.split("<tr>")) {
            List<String> cells = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(tr).results()
                    .map(m -> m.group(1).replaceAll("<[^>]+>", "").strip()).toList();
            if (cells.size() == 8) {
                rows.add(cells);
            }
        }
        return rows;
    }

    private static void assertNoInlineCode(String what, String html) {
        Matcher scripts = SCRIPT.matcher(html);
        while (scripts.find()) {
            String attributes = scripts.group(1);
            String body = scripts.group(2);
            if (attributes.contains("type=\"application/json\"")) {
                parse(body.isBlank() ? "{}" : body);
            } else {
                assertThat(attributes).as(what + ": a script without src").contains("src=\"/console/");
                assertThat(body).as(what + ": code inside a script element").isBlank();
            }
        }
        assertThat(html).as(what + ": inline event handlers").doesNotContainPattern("(?i)<[^>]+\\son[a-z]+\\s*=");
        assertThat(html).as(what + ": javascript: URLs").doesNotContainIgnoringCase("javascript:");
        String markup = html.replaceAll("(?s)<!--.*?-->", "");
        assertThat(markup).as(what + ": inline styles").doesNotContainPattern("(?i)<[^>]+\\sstyle\\s*=")
                .doesNotContainPattern("(?i)<style[\\s>]");
    }

    private String state(String tenant, String promotion, String priceModel) {
        return String.join("\n", api.get("/admin/tenants/" + tenant, admin).body(),
                api.get("/admin/tenants/" + tenant + "/keys", admin).body(),
                api.get("/admin/promotions/" + promotion, admin).body(),
                String.valueOf(api.get("/admin/prices?model=" + priceModel, admin).json().path("data").size()));
    }

    private List<String> promotionNames() {
        return api.get("/admin/promotions", admin).json().path("data").findValuesAsText("name");
    }

    private static long auditRows() throws SQLException {
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement("select count(*) from admin_audit_log");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String createTenant() {
        AdminHttp.Reply reply = api.post("/admin/tenants", admin, "{\"name\":\"console-http-" + UUID.randomUUID() + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static JsonNode parse(String json) {
        try {
            return AdminHttp.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    private static String join(String body, String field) {
        return body.isEmpty() ? field : body + "&" + field;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, Session session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.getURI().resolve(path)).timeout(Duration.ofSeconds(60));
        if (session != null) {
            b.header("Cookie", "moeserve_console=" + session.id());
        }
        return b;
    }

    private HttpResponse<String> get(String path, Session session) {
        return send(request(path, session).GET());
    }

    private HttpResponse<String> post(String path, Session session, String form) {
        return send(request(path, session).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
