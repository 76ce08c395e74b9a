package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in real headless Chromium: an admin signs in, drafts a 75% promotion in the form, sees
 * the live preview, saves it, sees the new effective price on the pricing page, and the next API request
 * is charged at that price; an auditor signs in and cannot save. Screenshots of the main pages are
 * written under {@code target/console-screenshots/}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest implements TestPropertyProvider {
    private static final String MODEL = "console-browser-demo";
    private static final String BODY = """
            {"model":"console-browser-demo","messages":[{"role":"user","content":"Hello"}],"max_tokens":3,"temperature":0}""";

    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;

    private AdminHttp http;
    private String adminToken;
    private String auditorToken;
    private ChromeDriver browser;
    private String promotionId;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", MODEL);
    }

    @BeforeAll
    void priceTheModelAndOpenTheBrowser() {
        http = new AdminHttp(server.getURI());
        adminToken = credentials.issue("console-admin-" + UUID.randomUUID(), "admin");
        auditorToken = credentials.issue("console-auditor-" + UUID.randomUUID(), "auditor");
        // $0.028 cache hit, $1.74 cache miss, $3.48 output per million tokens
        AdminHttp.Reply priced = http.post("/admin/prices", adminToken, AdminApiTest.price(MODEL, "0.028", "1.74", "3.48", null));
        assertThat(priced.status()).as(priced.toString()).isEqualTo(201);
        browser = ConsoleBrowser.start();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    @Order(1)
    void withoutASessionEveryPageSendsTheBrowserToSignIn() {
        browser.get(url("/console/pricing"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        browser.findElement(By.id("token")).sendKeys("ms-admin-not-a-real-token");
        browser.findElement(By.id("sign-in")).click();
        wait(10).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("not an operator token");
        ConsoleBrowser.screenshot(browser, "01-sign-in-refused");
    }

    @Test
    @Order(2)
    void anAdminCreatesASeventyFivePercentPromotionThroughTheFormAndTheNextRequestPaysIt() {
        signIn(adminToken);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("(admin)");
        assertThat(effectivePrice("output")).isEqualTo("3.48 USD");
        ConsoleBrowser.screenshot(browser, "02-pricing");

        String name = "Browser launch 75% off " + UUID.randomUUID().toString().substring(0, 8);
        browser.findElement(By.id("promotion-name")).sendKeys(name);
        browser.findElement(By.id("percent-off")).sendKeys("75");
        new Select(browser.findElement(By.id("promotion-models"))).selectByValue(MODEL);
        // the live preview: 75% off list, before anything is saved
        By previewOutput = By.cssSelector("#preview-table tr[data-model='" + MODEL + "'][data-class='output'] .preview-price");
        wait(10).until(ExpectedConditions.textToBe(previewOutput, "0.87 USD"));
        assertThat(text(By.cssSelector("#preview-table tr[data-model='" + MODEL + "'][data-class='input_cache_miss'] .preview-price")))
                .isEqualTo("0.435 USD");
        assertThat(effectivePrice("output")).as("nothing saved yet").isEqualTo("3.48 USD");
        // the what-if on last month's usage answers in place, still without saving
        browser.findElement(By.id("run-what-if")).click();
        wait(20).until(ExpectedConditions.presenceOfElementLocated(By.id("what-if-result")));
        assertThat(text(By.id("what-if-result"))).doesNotContain("required");
        ConsoleBrowser.screenshot(browser, "03-promotion-preview");

        browser.findElement(By.id("save-promotion")).click();
        wait(10).until(ExpectedConditions.presenceOfElementLocated(By.id("flash")));
        assertThat(text(By.id("flash"))).contains(name);
        promotionId = text(By.id("flash")).replaceAll(".*\\((.*)\\)\\.$", "$1");
        assertThat(effectivePrice("output")).isEqualTo("0.87 USD");
        assertThat(effectivePrice("input_cache_miss")).isEqualTo("0.435 USD");
        assertThat(effectivePrice("input_cache_hit")).isEqualTo("0.007 USD");
        ConsoleBrowser.screenshot(browser, "04-pricing-after-promotion");

        // the next API request is charged at the new effective price
        String tenant = http.post("/admin/tenants", adminToken, "{\"name\":\"console-" + UUID.randomUUID() + "\"}").json()
                .path("id").asText();
        String key = http.post("/admin/tenants/" + tenant + "/keys", adminToken, "{}").json().path("key").asText();
        http.post("/admin/tenants/" + tenant + "/credits", adminToken, "{\"amount\":\"1\",\"currency\":\"USD\",\"kind\":\"granted\"}");
        AdminHttp.Reply completion = http.post("/v1/chat/completions", key, BODY);
        assertThat(completion.status()).as(completion.toString()).isEqualTo(200);
        JsonNode usage = completion.json().path("usage");
        JsonNode row = http.get("/admin/usage?tenant=" + tenant, adminToken).json().path("data").get(0);
        assertThat(row.path("promotion_id").asText()).isEqualTo(promotionId);
        assertThat(new BigDecimal(row.path("charge").path("output").asText()))
                .isEqualByComparingTo(new BigDecimal("0.00000087").multiply(BigDecimal.valueOf(usage.path("completion_tokens").asLong())));
        assertThat(new BigDecimal(row.path("charge").path("input_cache_miss").asText()))
                .isEqualByComparingTo(new BigDecimal("0.000000435").multiply(BigDecimal.valueOf(usage.path("prompt_cache_miss_tokens").asLong())));

    }

    @Test
    @Order(3)
    void theMainPagesRender() {
        signIn(adminToken);
        for (String page : new String[]{"tenants", "usage", "audit"}) {
            browser.get(url("/console/" + page));
            assertThat(browser.getCurrentUrl()).endsWith("/console/" + page);
            assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
            if (page.equals("usage")) {
                // Chart.js, served by moeserve, drew all six charts (the script marks the body when done)
                wait(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-charts", "6"));
            }
            ConsoleBrowser.screenshot(browser, "05-" + page);
        }
    }

    @Test
    @Order(4)
    void anAuditorReadsEverythingButCannotSave() {
        signIn(auditorToken);
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("(auditor)");
        int promotionsBefore = http.get("/admin/promotions", adminToken).json().path("data").size();
        browser.findElement(By.id("promotion-name")).sendKeys("auditor tries");
        browser.findElement(By.id("percent-off")).sendKeys("50");
        new Select(browser.findElement(By.id("promotion-models"))).selectByValue(MODEL);
        browser.findElement(By.id("save-promotion")).click();
        wait(10).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(text(By.id("error"))).contains("auditor");
        assertThat(browser.findElement(By.id("promotion-name")).getAttribute("value")).as("nothing typed is lost")
                .isEqualTo("auditor tries");
        ConsoleBrowser.screenshot(browser, "06-auditor-refused");
        assertThat(http.get("/admin/promotions", adminToken).json().path("data").size()).isEqualTo(promotionsBefore);

        // and ending the admin's promotion is refused too
        WebElement end = browser.findElement(By.cssSelector("tr[data-promotion='" + promotionId + "'] button.danger"));
        WebElement saveRefusal = browser.findElement(By.id("error"));
        end.click();
        // the refusal of the save is still on the page until the answer to this click replaces it
        wait(10).until(ExpectedConditions.stalenessOf(saveRefusal));
        wait(10).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(text(By.id("error"))).contains("auditor");
        assertThat(http.get("/admin/promotions/" + promotionId, adminToken).json().path("status").asText()).isNotEqualTo("ended");
    }

    @Test
    @Order(5)
    void signingOutEndsTheSession() throws java.io.IOException {
        signIn(adminToken);
        browser.findElement(By.id("logout")).click();
        // the click returns before the sign-out's redirect has loaded
        wait(10).until(ExpectedConditions.urlContains("/console/login"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        browser.get(url("/console/pricing"));
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        assertThat(Files.list(ConsoleBrowser.SCREENSHOTS).map(Path::getFileName).map(Path::toString))
                .contains("02-pricing.png", "03-promotion-preview.png", "04-pricing-after-promotion.png",
                        "05-tenants.png", "05-usage.png", "05-audit.png", "06-auditor-refused.png");
    }

    private void signIn(String token) {
        browser.manage().deleteAllCookies();
        browser.get(url("/console/login"));
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in")).click();
        wait(10).until(ExpectedConditions.urlContains("/console/pricing"));
    }

    private String effectivePrice(String tokenClass) {
        return text(By.cssSelector("#price-table tr[data-model='" + MODEL + "'][data-class='" + tokenClass + "'] .effective"));
    }

    private String text(By by) {
        return browser.findElement(by).getText().strip();
    }

    private WebDriverWait wait(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds));
    }

    private String url(String path) {
        return server.getURI().resolve(path).toString();
    }
}
