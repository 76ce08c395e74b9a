package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.Objects;

/**
 * The half-open interval {@code [start, end)} in which a promotion is valid: a request that starts
 * exactly at {@code end} pays the list price. An empty window ({@code start == end}) never applies;
 * it is what ending a promotion before it began leaves behind.
 */
public record PromotionWindow(Instant start, Instant end) {

    public PromotionWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a promotion window cannot end (" + end + ") before it starts (" + start + ")");
        }
    }

    public static PromotionWindow between(Instant start, Instant end) {
        return new PromotionWindow(start, end);
    }

    /** Valid from {@code start} until ended explicitly. */
    public static PromotionWindow from(Instant start) {
        return new PromotionWindow(start, Instant.MAX);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    public boolean isEmpty() {
        return start.equals(end);
    }

    /** This window cut short at {@code now}; ending never extends a window nor moves its start. */
    public PromotionWindow endedAt(Instant now) {
        Instant cut = now.isBefore(end) ? now : end;
        return new PromotionWindow(start, cut.isBefore(start) ? start : cut);
    }
}
