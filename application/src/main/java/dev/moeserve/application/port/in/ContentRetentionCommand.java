package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.ContentRetention;

import java.util.Objects;
import java.util.OptionalInt;

/** Retain a tenant's request content for {@code days} days, or (empty) store none from now on. */
public record ContentRetentionCommand(OptionalInt days) {
    public ContentRetentionCommand {
        Objects.requireNonNull(days, "days");
        Fields.retention(days, "days");
    }

    public ContentRetention retention() {
        return new ContentRetention(days);
    }
}
