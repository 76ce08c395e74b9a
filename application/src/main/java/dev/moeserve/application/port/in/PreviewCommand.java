package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.BillableTokens;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * "What would this request cost?": a model, optionally the tenant it would run for (tenant- and
 * plan-scoped promotions apply only then), its tokens by class, and when it would start (now when empty).
 */
public record PreviewCommand(String model, Optional<TenantId> tenant, BillableTokens tokens, Optional<Instant> at) {
    public PreviewCommand {
        model = Fields.text(model, "model", 200);
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(at, "at");
    }

    /** Token counts checked one by one so the refusal names the field. */
    public static BillableTokens tokens(long promptCacheHit, long promptCacheMiss, long completion) {
        nonNegative(promptCacheHit, "prompt_cache_hit_tokens");
        nonNegative(promptCacheMiss, "prompt_cache_miss_tokens");
        nonNegative(completion, "completion_tokens");
        return BillableTokens.of(promptCacheHit, promptCacheMiss, completion);
    }

    private static void nonNegative(long tokens, String field) {
        if (tokens < 0) {
            throw Fields.invalid(field, "token counts must not be negative, got " + tokens + ".");
        }
    }
}
