package dev.moeserve.infrastructure.retention;

import dev.moeserve.application.port.in.PurgeExpiredContent;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentPurgeScheduleTest {
    private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void itPurgesAtStartAtTheClocksTimeOnADaemonThread() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean daemon = new AtomicBoolean();
        Instant[] asOf = new Instant[1];
        PurgeExpiredContent purge = now -> {
            asOf[0] = now;
            daemon.set(Thread.currentThread().isDaemon());
            ran.countDown();
            return 0;
        };
        try (ContentPurgeSchedule ignored = ContentPurgeSchedule.start(purge, CLOCK, Duration.ofHours(1))) {
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("the first purge runs at start, not after an hour").isTrue();
        }
        assertThat(asOf[0]).isEqualTo(NOW);
        assertThat(daemon).isTrue();
    }

    @Test
    void aFailedRunDoesNotStopTheLaterOnes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        PurgeExpiredContent purge = now -> {
            runs.incrementAndGet();
            third.countDown();
            throw new IllegalStateException("database unavailable");
        };
        try (ContentPurgeSchedule ignored = ContentPurgeSchedule.start(purge, CLOCK, Duration.ofMillis(10))) {
            assertThat(third.await(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(runs.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void closingStopsTheRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        ContentPurgeSchedule schedule = ContentPurgeSchedule.start(now -> {
            runs.incrementAndGet();
            first.countDown();
            return 0;
        }, CLOCK, Duration.ofMillis(20));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        schedule.close();
        Thread.sleep(50); // a run already under way when close was called may still finish
        int afterClose = runs.get();
        Thread.sleep(200);
        assertThat(runs.get()).isEqualTo(afterClose);
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> ContentPurgeSchedule.start(now -> 0, CLOCK, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content-purge-interval");
    }
}
