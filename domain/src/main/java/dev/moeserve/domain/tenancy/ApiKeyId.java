package dev.moeserve.domain.tenancy;

import java.util.Objects;
import java.util.UUID;

/** Identity of one API key of a tenant (never the secret itself). */
public record ApiKeyId(UUID value) {
    public ApiKeyId {
        Objects.requireNonNull(value, "api key id");
    }

    public static ApiKeyId random() {
        return new ApiKeyId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
