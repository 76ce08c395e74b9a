package dev.moeserve.application.tenancy;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.RateLimitPolicy;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantLimits;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies each tenant's request, token and concurrency limits in this process. Counters live in
 * memory: with several API nodes each enforces the limits on its own share of the traffic.
 */
public final class TenantAdmission {
    private final ConcurrentHashMap<TenantId, RateLimitPolicy> policies = new ConcurrentHashMap<>();
    private final Clock clock;

    public TenantAdmission(Clock clock) {
        this.clock = clock;
    }

    /** A started request; close it when the request ends so its concurrency slot is freed. */
    public interface Ticket extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @throws ApplicationException RATE_LIMITED with a retry-after when a limit is reached
     */
    public Ticket admit(TenantId tenant, TenantLimits limits, long tokens) {
        RateLimitPolicy policy = policies.computeIfAbsent(tenant, t -> new RateLimitPolicy());
        RateLimitPolicy.Decision decision;
        synchronized (policy) {
            decision = policy.admit(limits, tokens, clock.instant());
        }
        if (decision instanceof RateLimitPolicy.Decision.Rejected(String reason, java.time.Duration retryAfter)) {
            throw ApplicationException.rateLimited(reason, retryAfter);
        }
        return () -> {
            synchronized (policy) {
                policy.finished();
            }
        };
    }
}
