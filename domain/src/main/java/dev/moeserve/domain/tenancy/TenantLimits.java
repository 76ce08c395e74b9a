package dev.moeserve.domain.tenancy;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A tenant's plan and limits; an empty limit means unlimited.
 *
 * @param tokensPerMinute counts each admitted request's prompt plus its max_tokens
 */
public record TenantLimits(Optional<String> plan, OptionalInt requestsPerMinute, OptionalInt tokensPerMinute,
                           OptionalInt maxConcurrent) {

    public static final TenantLimits UNLIMITED =
            new TenantLimits(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
}
