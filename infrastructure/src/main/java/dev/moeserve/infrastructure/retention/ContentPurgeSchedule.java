package dev.moeserve.infrastructure.retention;

import dev.moeserve.application.port.in.PurgeExpiredContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Purges expired request content while the server runs: once at start, then every {@code interval}, on
 * one daemon thread, so a purge never delays a request and never keeps the JVM from exiting.
 */
public final class ContentPurgeSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("moeserve");

    private final PurgeExpiredContent purge;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "moeserve-content-purge");
        thread.setDaemon(true);
        return thread;
    });

    private ContentPurgeSchedule(PurgeExpiredContent purge, Clock clock) {
        this.purge = purge;
        this.clock = clock;
    }

    public static ContentPurgeSchedule start(PurgeExpiredContent purge, Clock clock, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("moeserve.content-purge-interval must be positive, got " + interval);
        }
        ContentPurgeSchedule schedule = new ContentPurgeSchedule(purge, clock);
        schedule.executor.scheduleWithFixedDelay(schedule::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return schedule;
    }

    private void runOnce() {
        // a failure is logged and the next run tries again; letting it escape would cancel every later run
        try {
            long purged = purge.purgeExpiredContent(clock.instant());
            if (purged > 0) {
                LOG.info("purged the content of {} requests past their retention period", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not purge expired request content; retrying at the next run", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
