package dev.moeserve.application.tenancy;

import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.TenantId;

/** Creates tenants and issues keys; the secret is returned once and never stored. */
public final class TenantOnboarding {
    private final TenantDirectory directory;

    public TenantOnboarding(TenantDirectory directory) {
        this.directory = directory;
    }

    public TenantId createTenant(String name) {
        return directory.createTenant(name);
    }

    public IssuedKey issueKey(TenantId tenant, String label) {
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKeyId id = directory.addKey(tenant, secret.hash(), secret.prefix(), label);
        return new IssuedKey(tenant, id, secret);
    }

    /** A freshly issued key; {@code secret} is to be shown to its owner now and then forgotten. */
    public record IssuedKey(TenantId tenant, ApiKeyId id, ApiKeySecret secret) {
    }
}
