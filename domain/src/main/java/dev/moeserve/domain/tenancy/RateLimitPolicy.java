package dev.moeserve.domain.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Per-tenant admission over a sliding one-minute window: requests per minute, tokens per minute and
 * requests in flight. Not thread-safe; callers synchronize per tenant.
 */
public final class RateLimitPolicy {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final Deque<Admission> window = new ArrayDeque<>();
    private long tokensInWindow;
    private int inFlight;

    /** The result of asking to start a request. */
    public sealed interface Decision {
        record Admitted() implements Decision {
        }

        /** Refused; {@code retryAfter} is when the window will have room again (at least one second). */
        record Rejected(String reason, Duration retryAfter) implements Decision {
        }
    }

    private record Admission(Instant at, long tokens) {
    }

    public Decision admit(TenantLimits limits, long tokens, Instant now) {
        Instant cutoff = now.minus(WINDOW);
        while (!window.isEmpty() && !window.peekFirst().at().isAfter(cutoff)) {
            tokensInWindow -= window.pollFirst().tokens();
        }
        if (limits.maxConcurrent().isPresent() && inFlight >= limits.maxConcurrent().getAsInt()) {
            return new Decision.Rejected("Too many concurrent requests: the limit is "
                    + limits.maxConcurrent().getAsInt() + " at a time.", Duration.ofSeconds(1));
        }
        if (limits.requestsPerMinute().isPresent() && window.size() >= limits.requestsPerMinute().getAsInt()) {
            return new Decision.Rejected("Rate limit reached: " + limits.requestsPerMinute().getAsInt()
                    + " requests per minute.", untilRoom(now));
        }
        if (limits.tokensPerMinute().isPresent() && tokensInWindow + tokens > limits.tokensPerMinute().getAsInt()) {
            if (tokens > limits.tokensPerMinute().getAsInt()) {
                return new Decision.Rejected("This request needs " + tokens + " tokens (prompt plus max_tokens), more than the "
                        + limits.tokensPerMinute().getAsInt() + " tokens per minute allowed; lower max_tokens.", WINDOW);
            }
            return new Decision.Rejected("Rate limit reached: " + limits.tokensPerMinute().getAsInt()
                    + " tokens per minute.", untilRoom(now));
        }
        window.addLast(new Admission(now, tokens));
        tokensInWindow += tokens;
        inFlight++;
        return new Decision.Admitted();
    }

    /** A request admitted earlier has finished. */
    public void finished() {
        if (inFlight > 0) {
            inFlight--;
        }
    }

    private Duration untilRoom(Instant now) {
        Instant oldest = window.isEmpty() ? now : window.peekFirst().at();
        Duration wait = Duration.between(now, oldest.plus(WINDOW));
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }
}
