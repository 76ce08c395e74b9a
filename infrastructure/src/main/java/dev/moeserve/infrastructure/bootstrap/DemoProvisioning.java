package dev.moeserve.infrastructure.bootstrap;

import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.pricing.TokenPrices;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresPriceBook;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * First start on defaults: a demo tenant with granted credit and one API key, a default price tier for
 * the demo model, and an admin token; the key and token are written to owner-only files under the state
 * folder so that scripts and the README's curl can use them.
 */
public final class DemoProvisioning {
    public static final String DEMO_TENANT = "demo";
    public static final String ADMIN_NAME = "admin";

    private final PostgresTenantDirectory tenants;
    private final TenantOnboarding onboarding;
    private final PostgresAdminCredentials admins;
    private final PostgresPriceBook priceBook;
    private final PostgresCreditAccounts credits;
    private final Clock clock;

    public DemoProvisioning(PostgresTenantDirectory tenants, TenantOnboarding onboarding, PostgresAdminCredentials admins,
                            PostgresPriceBook priceBook, PostgresCreditAccounts credits, Clock clock) {
        this.tenants = tenants;
        this.onboarding = onboarding;
        this.admins = admins;
        this.priceBook = priceBook;
        this.credits = credits;
        this.clock = clock;
    }

    /** The demo tenant's starting credit, as granted (not paid) credit. */
    public static final Money DEMO_CREDIT = Money.of("10", "USD");
    /** The demo model's default list prices per million tokens: cache hit, cache miss, output (DeepSeek-V3's). */
    public static final TokenPrices DEMO_PRICES = TokenPrices.perMillion("0.07", "0.27", "1.10");

    /** What first start created; empty fields mean it existed already. */
    public record Provisioned(Optional<String> demoApiKey, Optional<String> adminToken) {
    }

    /** @param demoModelId the demo model's id when the demo model is served; it gets a default tier once */
    public Provisioned provision(Path home, Optional<String> demoModelId) {
        Instant now = clock.instant();
        demoModelId.filter(id -> priceBook.history(id).isEmpty())
                .ifPresent(id -> priceBook.addTier(id, DEMO_CREDIT.currency(), DEMO_PRICES, now, now));
        Optional<String> key = Optional.empty();
        if (!tenants.hasTenant(DEMO_TENANT)) {
            TenantId demo = onboarding.createTenant(DEMO_TENANT);
            credits.add(demo, DEMO_CREDIT, PostgresCreditAccounts.Kind.GRANTED, "first start");
            TenantOnboarding.IssuedKey issued = onboarding.issueKey(demo, "demo key");
            key = Optional.of(issued.secret().text());
            writeSecret(home.resolve("demo-api-key"), issued.secret().text());
        }
        Optional<String> admin = Optional.empty();
        if (!admins.exists(ADMIN_NAME)) {
            String token = admins.issue(ADMIN_NAME, "admin");
            admin = Optional.of(token);
            writeSecret(home.resolve("admin-token"), token);
        }
        return new Provisioned(key, admin);
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, secret + System.lineSeparator());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
