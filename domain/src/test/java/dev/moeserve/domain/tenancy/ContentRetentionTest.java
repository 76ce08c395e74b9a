package dev.moeserve.domain.tenancy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentRetentionTest {
    private static final Instant STORED = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void offStoresNothingAndHasNoPurgeTime() {
        assertThat(ContentRetention.OFF.stores()).isFalse();
        assertThat(ContentRetention.OFF.period()).isEmpty();
        assertThat(ContentRetention.OFF.purgeAfter(STORED)).isEmpty();
    }

    @Test
    void aPeriodPurgesThatManyDaysAfterStoring() {
        ContentRetention thirty = ContentRetention.ofDays(30);
        assertThat(thirty.stores()).isTrue();
        assertThat(thirty.period()).contains(Duration.ofDays(30));
        assertThat(thirty.purgeAfter(STORED)).contains(Instant.parse("2026-03-31T12:00:00Z"));
    }

    @Test
    void theEdgesOfTheRangeAreAcceptedAndEverythingOutsideRefused() {
        assertThat(ContentRetention.ofDays(1).days()).isEqualTo(OptionalInt.of(1));
        assertThat(ContentRetention.ofDays(3650).days()).isEqualTo(OptionalInt.of(3650));
        for (int days : new int[] {0, -1, 3651, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> ContentRetention.ofDays(days)).as("%d days", days)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 3650 days");
        }
    }
}
