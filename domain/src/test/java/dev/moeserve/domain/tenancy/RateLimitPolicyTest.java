package dev.moeserve.domain.tenancy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    private static TenantLimits limits(Integer rpm, Integer tpm, Integer concurrent) {
        return new TenantLimits(Optional.empty(), rpm == null ? OptionalInt.empty() : OptionalInt.of(rpm),
                tpm == null ? OptionalInt.empty() : OptionalInt.of(tpm),
                concurrent == null ? OptionalInt.empty() : OptionalInt.of(concurrent));
    }

    @Test
    void requestsPerMinuteRefusesTheNextRequestUntilTheOldestLeavesTheWindow() {
        RateLimitPolicy policy = new RateLimitPolicy();
        TenantLimits two = limits(2, null, null);
        assertThat(policy.admit(two, 1, T0)).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
        assertThat(policy.admit(two, 1, T0.plusSeconds(20))).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);

        RateLimitPolicy.Decision third = policy.admit(two, 1, T0.plusSeconds(30));
        assertThat(third).isInstanceOfSatisfying(RateLimitPolicy.Decision.Rejected.class,
                r -> assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(policy.admit(two, 1, T0.plusSeconds(60))).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
    }

    @Test
    void tokensPerMinuteCountsEveryAdmittedRequestsTokens() {
        RateLimitPolicy policy = new RateLimitPolicy();
        TenantLimits hundred = limits(null, 100, null);
        assertThat(policy.admit(hundred, 60, T0)).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
        assertThat(policy.admit(hundred, 50, T0.plusSeconds(1))).isInstanceOf(RateLimitPolicy.Decision.Rejected.class);
        assertThat(policy.admit(hundred, 40, T0.plusSeconds(1))).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
    }

    @Test
    void aRequestLargerThanTheWholeTokenLimitSaysSo() {
        RateLimitPolicy.Decision d = new RateLimitPolicy().admit(limits(null, 100, null), 101, T0);
        assertThat(d).isInstanceOfSatisfying(RateLimitPolicy.Decision.Rejected.class,
                r -> assertThat(r.reason()).contains("lower max_tokens"));
    }

    @Test
    void concurrencyFreesASlotWhenARequestFinishes() {
        RateLimitPolicy policy = new RateLimitPolicy();
        TenantLimits one = limits(null, null, 1);
        assertThat(policy.admit(one, 1, T0)).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
        assertThat(policy.admit(one, 1, T0)).isInstanceOf(RateLimitPolicy.Decision.Rejected.class);
        policy.finished();
        assertThat(policy.admit(one, 1, T0)).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
    }

    @Test
    void noLimitsAdmitsEverything() {
        RateLimitPolicy policy = new RateLimitPolicy();
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.admit(TenantLimits.UNLIMITED, 1_000_000, T0)).isInstanceOf(RateLimitPolicy.Decision.Admitted.class);
        }
    }
}
