package dev.moeserve.domain.tenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a tenant's request content (prompts and completions) is stored, and for how many days. Off by
 * default: the usage ledger meters every request, but what was asked and answered is kept only when a
 * tenant has chosen a retention period, and is purged once that period has passed.
 */
public record ContentRetention(OptionalInt days) {
    public static final int MIN_DAYS = 1;
    /** Ten years: long enough for any record-keeping duty, short enough that "retained" never means "forever". */
    public static final int MAX_DAYS = 3650;
    public static final ContentRetention OFF = new ContentRetention(OptionalInt.empty());

    public ContentRetention {
        Objects.requireNonNull(days, "days");
        if (days.isPresent() && !inRange(days.getAsInt())) {
            throw new IllegalArgumentException("a retention period is " + MIN_DAYS + " to " + MAX_DAYS + " days, got "
                    + days.getAsInt());
        }
    }

    public static ContentRetention ofDays(int days) {
        return new ContentRetention(OptionalInt.of(days));
    }

    public static boolean inRange(int days) {
        return days >= MIN_DAYS && days <= MAX_DAYS;
    }

    public boolean stores() {
        return days.isPresent();
    }

    public Optional<Duration> period() {
        return stores() ? Optional.of(Duration.ofDays(days.getAsInt())) : Optional.empty();
    }

    /** When content stored at {@code storedAt} is to be purged; empty when content is not stored at all. */
    public Optional<Instant> purgeAfter(Instant storedAt) {
        return period().map(storedAt::plus);
    }
}
