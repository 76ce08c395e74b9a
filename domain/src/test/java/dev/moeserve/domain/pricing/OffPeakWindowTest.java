package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffPeakWindowTest {

    /** DeepSeek's off-peak hours. */
    private static final OffPeakWindow DEEPSEEK = OffPeakWindow.daily(LocalTime.of(16, 30), LocalTime.of(0, 30), ZoneOffset.UTC);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** Weeknights in Berlin, 22:00 to 06:00 the next morning. */
    private static final OffPeakWindow BERLIN_WEEKNIGHTS = OffPeakWindow.on(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(22, 0), LocalTime.of(6, 0), BERLIN);

    @Test
    void deepSeekOffPeakRunsFromHalfPastFourInTheAfternoonToHalfPastMidnightUtc() {
        assertThat(DEEPSEEK.crossesMidnight()).isTrue();
        assertThat(DEEPSEEK.contains(utc("2026-03-10T16:29:59.999"))).isFalse();
        assertThat(DEEPSEEK.contains(utc("2026-03-10T16:30:00"))).isTrue();
        assertThat(DEEPSEEK.contains(utc("2026-03-10T23:59:59"))).isTrue();
        assertThat(DEEPSEEK.contains(utc("2026-03-11T00:00:00"))).isTrue();
        assertThat(DEEPSEEK.contains(utc("2026-03-11T00:29:59.999"))).isTrue();
        assertThat(DEEPSEEK.contains(utc("2026-03-11T00:30:00"))).isFalse();
        assertThat(DEEPSEEK.contains(utc("2026-03-11T12:00:00"))).isFalse();
    }

    @Test
    void theSameHoursInBeijingTimeDoNotCrossMidnightAndMatchTheSameInstants() {
        OffPeakWindow beijing = OffPeakWindow.daily(LocalTime.of(0, 30), LocalTime.of(8, 30), ZoneId.of("Asia/Shanghai"));
        assertThat(beijing.crossesMidnight()).isFalse();
        assertThat(beijing.contains(utc("2026-03-10T16:30:00"))).isTrue();
        assertThat(beijing.contains(utc("2026-03-11T00:29:59"))).isTrue();
        assertThat(beijing.contains(utc("2026-03-11T00:30:00"))).isFalse();
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItOpens() {
        // 2026-03-13 is a Friday
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-13T23:00"))).isTrue();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-14T05:59"))).as("Saturday morning, opened Friday").isTrue();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-14T06:00"))).isFalse();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-14T23:00"))).as("Saturday night").isFalse();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-16T05:00"))).as("Monday morning, Sunday night never opened").isFalse();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-16T22:00"))).isTrue();
        assertThat(BERLIN_WEEKNIGHTS.contains(berlin("2026-03-13T05:00"))).as("Friday morning, opened Thursday").isTrue();
    }

    @Test
    void aWindowInAnotherZoneIsCheckedInThatZonesWallClockTime() {
        // 21:30 UTC on a Friday in winter is 22:30 in Berlin: inside; the same UTC time in summer is 23:30: still inside
        assertThat(BERLIN_WEEKNIGHTS.contains(utc("2026-03-13T21:30:00"))).isTrue();
        assertThat(BERLIN_WEEKNIGHTS.contains(utc("2026-03-13T20:30:00"))).as("21:30 in Berlin").isFalse();
        assertThat(BERLIN_WEEKNIGHTS.contains(utc("2026-07-10T20:30:00"))).as("22:30 in Berlin summer time").isTrue();
        assertThat(BERLIN_WEEKNIGHTS.contains(utc("2026-07-11T04:00:00"))).as("06:00 in Berlin summer time").isFalse();
    }

    @Test
    void aWindowThatStartsAndEndsAtTheSameTimeIsRefused() {
        assertThatThrownBy(() -> OffPeakWindow.daily(LocalTime.NOON, LocalTime.NOON, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }
}
