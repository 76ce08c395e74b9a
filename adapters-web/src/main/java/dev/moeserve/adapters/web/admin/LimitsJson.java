package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.domain.tenancy.TenantLimits;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.OptionalInt;

/** A tenant's limits; null means unlimited, so nulls are written out rather than left out. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record LimitsJson(Integer requestsPerMinute, Integer tokensPerMinute, Integer maxConcurrent) {
    static LimitsJson of(TenantLimits limits) {
        return new LimitsJson(value(limits.requestsPerMinute()), value(limits.tokensPerMinute()), value(limits.maxConcurrent()));
    }

    private static Integer value(OptionalInt limit) {
        return limit.isPresent() ? limit.getAsInt() : null;
    }
}
