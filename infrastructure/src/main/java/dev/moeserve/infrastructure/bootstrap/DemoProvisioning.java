package dev.moeserve.infrastructure.bootstrap;

import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * First start on defaults: a demo tenant with one API key and an admin token, each written to a
 * file under the state folder (owner-only) so that scripts and the README's curl can use them.
 */
public final class DemoProvisioning {
    public static final String DEMO_TENANT = "demo";
    public static final String ADMIN_NAME = "admin";

    private final PostgresTenantDirectory tenants;
    private final TenantOnboarding onboarding;
    private final PostgresAdminCredentials admins;

    public DemoProvisioning(PostgresTenantDirectory tenants, TenantOnboarding onboarding, PostgresAdminCredentials admins) {
        this.tenants = tenants;
        this.onboarding = onboarding;
        this.admins = admins;
    }

    /** What first start created; empty fields mean it existed already. */
    public record Provisioned(Optional<String> demoApiKey, Optional<String> adminToken) {
    }

    public Provisioned provision(Path home) {
        Optional<String> key = Optional.empty();
        if (!tenants.hasTenant(DEMO_TENANT)) {
            TenantOnboarding.IssuedKey issued = onboarding.issueKey(onboarding.createTenant(DEMO_TENANT), "demo key");
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
