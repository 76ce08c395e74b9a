package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;

/** A key just issued: {@code key} is the secret, shown this once and never stored. */
public record IssuedApiKey(ApiKeyId id, TenantId tenant, String key, String prefix, String label) {
    @Override
    public String toString() {
        // never the secret in logs
        return "IssuedApiKey[id=" + id + ", tenant=" + tenant + ", prefix=" + prefix + "]";
    }
}
