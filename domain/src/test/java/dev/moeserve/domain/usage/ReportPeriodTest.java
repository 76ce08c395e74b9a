package dev.moeserve.domain.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportPeriodTest {

    private static Optional<Instant> at(String instant) {
        return Optional.of(Instant.parse(instant));
    }

    private static ReportPeriod.Interval interval(String start, String end) {
        return new ReportPeriod.Interval(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void aPeriodFromMidnightToMidnightIsWholeDaysOnly() {
        ReportPeriod p = ReportPeriod.of(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"));

        assertThat(p.hasWholeDays()).isTrue();
        assertThat(p.firstDay()).contains(LocalDate.parse("2026-02-01"));
        assertThat(p.endDay()).contains(LocalDate.parse("2026-03-01"));
        assertThat(p.partials()).isEmpty();
    }

    @Test
    void edgesInsideADayArePartialAndTheDaysBetweenAreWhole() {
        ReportPeriod p = ReportPeriod.of(at("2026-03-01T12:00:00Z"), at("2026-03-04T06:00:00Z"));

        assertThat(p.firstDay()).contains(LocalDate.parse("2026-03-02"));
        assertThat(p.endDay()).contains(LocalDate.parse("2026-03-04"));
        assertThat(p.hasWholeDays()).isTrue();
        assertThat(p.partials()).containsExactly(
                interval("2026-03-01T12:00:00Z", "2026-03-02T00:00:00Z"),
                interval("2026-03-04T00:00:00Z", "2026-03-04T06:00:00Z"));
    }

    @Test
    void edgesOnNeighbouringDaysLeaveNoWholeDayBetweenThem() {
        ReportPeriod p = ReportPeriod.of(at("2026-03-01T12:00:00Z"), at("2026-03-02T06:00:00Z"));

        assertThat(p.hasWholeDays()).isFalse();
        assertThat(p.partials()).containsExactly(
                interval("2026-03-01T12:00:00Z", "2026-03-02T00:00:00Z"),
                interval("2026-03-02T00:00:00Z", "2026-03-02T06:00:00Z"));
    }

    @Test
    void aPeriodWithinOneDayIsOnePartialInterval() {
        ReportPeriod p = ReportPeriod.of(at("2026-03-01T00:00:00Z"), at("2026-03-01T06:00:00Z"));

        assertThat(p.hasWholeDays()).isFalse();
        assertThat(p.partials()).containsExactly(interval("2026-03-01T00:00:00Z", "2026-03-01T06:00:00Z"));
    }

    @Test
    void anOpenPeriodIsWholeDaysWithoutBounds() {
        ReportPeriod p = ReportPeriod.of(Optional.empty(), Optional.empty());

        assertThat(p.hasWholeDays()).isTrue();
        assertThat(p.firstDay()).isEmpty();
        assertThat(p.endDay()).isEmpty();
        assertThat(p.partials()).isEmpty();
    }

    @Test
    void anOpenEndedPeriodSplitsOnlyItsGivenEdge() {
        ReportPeriod from = ReportPeriod.of(at("2026-03-01T12:00:00Z"), Optional.empty());
        ReportPeriod to = ReportPeriod.of(Optional.empty(), at("2026-03-01T12:00:00Z"));

        assertThat(from.firstDay()).contains(LocalDate.parse("2026-03-02"));
        assertThat(from.endDay()).isEmpty();
        assertThat(from.partials()).containsExactly(interval("2026-03-01T12:00:00Z", "2026-03-02T00:00:00Z"));
        assertThat(to.firstDay()).isEmpty();
        assertThat(to.endDay()).contains(LocalDate.parse("2026-03-01"));
        assertThat(to.partials()).containsExactly(interval("2026-03-01T00:00:00Z", "2026-03-01T12:00:00Z"));
    }

    @Test
    void aPeriodMustEndAfterItStarts() {
        assertThatThrownBy(() -> ReportPeriod.of(at("2026-03-02T00:00:00Z"), at("2026-03-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportPeriod.of(at("2026-03-01T00:00:00Z"), at("2026-03-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
