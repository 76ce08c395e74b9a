package dev.moeserve.domain.usage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report's period {@code [from, to)}, either end open, split into the whole UTC days inside it and
 * the at most two partial days at its edges. Whole days are answered from the daily rollup; only the
 * partial edges need ledger rows, so a report's cost does not grow with the length of the period.
 *
 * @param firstDay first whole day, inclusive; empty when the period has no start
 * @param endDay   day after the last whole day, exclusive; empty when the period has no end
 * @param partials the instants at the edges not covered by whole days, each {@code [start, end)}
 */
public record ReportPeriod(Optional<LocalDate> firstDay, Optional<LocalDate> endDay, boolean hasWholeDays,
                           List<Interval> partials) {

    /** A half-open interval of instants. */
    public record Interval(Instant start, Instant end) {
        public Interval {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("an interval must start before it ends: " + start + " >= " + end);
            }
        }
    }

    public ReportPeriod {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(endDay, "endDay");
        partials = List.copyOf(partials);
    }

    /**
     * @throws IllegalArgumentException when both ends are given and {@code to} is not after {@code from}
     */
    public static ReportPeriod of(Optional<Instant> from, Optional<Instant> to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("the period must end after it starts: " + from.get() + " >= " + to.get());
        }
        if (from.isPresent() && to.isPresent() && day(from.get()).equals(day(to.get()))) {
            // within one day: 'to' is after 'from' on the same date, so that day is never whole
            return new ReportPeriod(Optional.empty(), Optional.empty(), false, List.of(new Interval(from.get(), to.get())));
        }
        List<Interval> partials = new ArrayList<>();
        Optional<LocalDate> firstDay = from.map(f -> isMidnight(f) ? day(f) : day(f).plusDays(1));
        from.filter(f -> !isMidnight(f)).ifPresent(f -> partials.add(new Interval(f, midnight(day(f).plusDays(1)))));
        Optional<LocalDate> endDay = to.map(ReportPeriod::day);
        to.filter(t -> !isMidnight(t)).ifPresent(t -> partials.add(new Interval(midnight(day(t)), t)));
        boolean hasWholeDays = firstDay.isEmpty() || endDay.isEmpty() || firstDay.get().isBefore(endDay.get());
        return new ReportPeriod(firstDay, endDay, hasWholeDays, partials);
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static boolean isMidnight(Instant instant) {
        return midnight(day(instant)).equals(instant);
    }

    private static Instant midnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
