package dev.moeserve.domain.pricing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A recurring local-time window, such as DeepSeek's off-peak hours 16:30-00:30 UTC every day.
 *
 * <p>The window is {@code [start, end)} in wall-clock time of {@code zone}, so it stays at the same
 * local hours across daylight-saving changes. When {@code end} is not after {@code start} the
 * window crosses midnight and runs into the next day. {@code days} are the days on which the
 * window <em>opens</em>: a Friday 22:00-06:00 window includes Saturday 05:00 but not Friday 05:00.
 */
public record OffPeakWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {

    public OffPeakWindow {
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("an off-peak window needs at least one day");
        }
        if (start.equals(end)) {
            // a zero-length or full-day window is ambiguous; a promotion without off-peak windows covers all day
            throw new IllegalArgumentException("an off-peak window must not start and end at the same time");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** Every day of the week. */
    public static OffPeakWindow daily(LocalTime start, LocalTime end, ZoneId zone) {
        return new OffPeakWindow(EnumSet.allOf(DayOfWeek.class), start, end, zone);
    }

    public static OffPeakWindow on(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
        return new OffPeakWindow(days, start, end, zone);
    }

    public boolean crossesMidnight() {
        return end.isBefore(start);
    }

    public boolean contains(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
        LocalTime time = local.toLocalTime();
        DayOfWeek day = local.getDayOfWeek();
        if (!crossesMidnight()) {
            return days.contains(day) && !time.isBefore(start) && time.isBefore(end);
        }
        boolean lateOnOpeningDay = days.contains(day) && !time.isBefore(start);
        boolean earlyOnFollowingDay = days.contains(day.minus(1)) && time.isBefore(end);
        return lateOnOpeningDay || earlyOnFollowingDay;
    }
}
