package dev.moeserve.adapters.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges over a fixed set of worker threads plus the calling thread. Built for the many short
 * parallel ops of a decode step: workers spin briefly between jobs instead of parking at once, the caller
 * works too, and chunks are claimed from one atomic counter (dynamic, so a preempted core on a shared
 * machine does not leave the others idle). A job costs no allocation beyond its body.
 *
 * <p>One job runs at a time; a call made while another is running (from another thread, or nested inside a
 * body) runs its range on the calling thread alone, which is always correct.
 */
final class Parallel implements AutoCloseable {
    /** Below this many multiply-adds in a call, threads cost more than they save. */
    private static final long MIN_PARALLEL_WORK = 1L << 14;
    /** How long an idle worker spins before it parks, in nanoseconds. */
    private static final long SPIN_NANOS = 200_000;

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final Thread[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private volatile long generation;
    private volatile boolean closed;
    // the current job; published by the write to generation
    private RangeBody body;
    private int n;
    private int chunk;
    private volatile Throwable failure;

    Parallel(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = Thread.ofPlatform().daemon().name("moeserve-cpu-" + (i + 1)).unstarted(this::workerLoop);
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) in chunks, in parallel when {@code n * workPerItem} is large enough. */
    void forRange(int n, long workPerItem, RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (workers.length == 0 || n == 1 || (long) n * workPerItem < MIN_PARALLEL_WORK || !busy.compareAndSet(false, true)) {
            body.run(0, n);
            return;
        }
        try {
            this.body = body;
            this.n = n;
            this.chunk = Math.max(1, n / (threads * 8));
            this.failure = null;
            next.set(0);
            running.set(workers.length);
            generation = generation + 1; // publishes the job
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            Throwable mine = null;
            try {
                work(body, n, chunk);
            } catch (Throwable t) {
                mine = t;
                next.set(n); // stop the others early
            }
            int spins = 0;
            while (running.get() != 0) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable failed = mine != null ? mine : failure;
            if (failed instanceof RuntimeException re) {
                throw re;
            }
            if (failed instanceof Error err) {
                throw err;
            }
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
        } finally {
            this.body = null;
            busy.set(false);
        }
    }

    private void work(RangeBody body, int n, int chunk) {
        int from;
        while ((from = next.getAndAdd(chunk)) < n) {
            body.run(from, Math.min(n, from + chunk));
        }
    }

    private void workerLoop() {
        long seen = 0;
        while (!closed) {
            long g = generation;
            if (g == seen) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (generation == seen && !closed) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                continue;
            }
            seen = g;
            try {
                work(body, n, chunk);
            } catch (Throwable t) {
                failure = t;
                next.set(n);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        for (Thread w : workers) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
