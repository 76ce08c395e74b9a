package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.ContentRetention;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Create a tenant; its name is unique, at most 200 characters. Its request content is retained for
 * {@code contentRetentionDays} days when given, and not stored at all otherwise (the default).
 */
public record NewTenantCommand(String name, OptionalInt contentRetentionDays) {
    public NewTenantCommand {
        name = Fields.text(name, "name", 200);
        Objects.requireNonNull(contentRetentionDays, "contentRetentionDays");
        Fields.retention(contentRetentionDays, "content_retention_days");
    }

    public NewTenantCommand(String name) {
        this(name, OptionalInt.empty());
    }

    public ContentRetention contentRetention() {
        return new ContentRetention(contentRetentionDays);
    }
}
