package dev.moeserve.application.port.in;

import java.util.Objects;
import java.util.OptionalInt;

/** Replace a tenant's limits; an empty limit means unlimited, a given one must be positive. */
public record LimitsCommand(OptionalInt requestsPerMinute, OptionalInt tokensPerMinute, OptionalInt maxConcurrent) {
    public LimitsCommand {
        positive(requestsPerMinute, "requests_per_minute");
        positive(tokensPerMinute, "tokens_per_minute");
        positive(maxConcurrent, "max_concurrent");
    }

    private static void positive(OptionalInt limit, String field) {
        Objects.requireNonNull(limit, field);
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw Fields.invalid(field, "a limit must be at least 1 (or null for unlimited), got " + limit.getAsInt() + ".");
        }
    }
}
