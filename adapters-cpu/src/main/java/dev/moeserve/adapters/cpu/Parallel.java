package dev.moeserve.adapters.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits index ranges over a fixed set of worker threads plus the calling thread. Built for the many short
 * parallel ops of a decode step: workers spin briefly between jobs instead of parking at once, the caller
 * works too, and chunks are claimed from one atomic counter (dynamic, so a preempted core on a shared
 * machine does not leave the others idle; shrinking, so the threads finish together). A job costs no
 * allocation beyond its body.
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
    /** 1 while worker i may be parked: a job wakes only those (an unpark of a spinning thread is a wasted syscall). */
    private final AtomicIntegerArray parked;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger next = new AtomicInteger();
    /**
     * The current job's generation (bits 63..17), whether it is closed to joiners (bit 16) and how many workers
     * are inside it (bits 15..0). A worker joins a job only while it is open; the caller closes it once every
     * chunk is claimed and no worker is inside. So the caller never waits for a worker that has not started
     * (parked, or descheduled on a busy machine) only to find nothing left to do.
     */
    private final AtomicLong job = new AtomicLong();
    private static final long CLOSED = 1L << 16;
    private static final long INSIDE = CLOSED - 1;
    private volatile long generation;
    private volatile boolean closed;
    // the current job; published by the write to generation
    private RangeBody body;
    private int n;
    private int minChunk;
    private volatile Throwable failure;

    Parallel(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.parked = new AtomicIntegerArray(workers.length);
        for (int i = 0; i < workers.length; i++) {
            int id = i;
            workers[i] = Thread.ofPlatform().daemon().name("moeserve-cpu-" + (i + 1)).unstarted(() -> workerLoop(id));
            workers[i].start();
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} over [0, n) in chunks of a sixteenth of the range per 2 threads, in parallel when
     * {@code n * workPerItem} is large enough.
     */
    void forRange(int n, long workPerItem, RangeBody body) {
        forRange(n, workPerItem, Math.max(1, n / (threads * 8)), body);
    }

    /**
     * As {@link #forRange(int, long, RangeBody)}, with chunks that shrink to {@code minChunk} items as the range
     * runs out: a small {@code minChunk} lets the threads finish together, for bodies with little fixed cost
     * per chunk.
     */
    void forRange(int n, long workPerItem, int minChunk, RangeBody body) {
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
            this.minChunk = Math.max(1, minChunk);
            this.failure = null;
            next.set(0);
            long g = generation + 1;
            job.set(g << 17);
            generation = g; // publishes the job
            for (int i = 0; i < workers.length; i++) {
                if (parked.get(i) != 0) {
                    LockSupport.unpark(workers[i]);
                }
            }
            Throwable mine = null;
            try {
                work(body, n, minChunk);
            } catch (Throwable t) {
                mine = t;
                next.set(n); // stop the others early
            }
            int spins = 0;
            for (long st = job.get(); (st & INSIDE) != 0 || !job.compareAndSet(st, st | CLOSED); st = job.get()) {
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

    /**
     * Claims shrinking chunks (an eighth of what is left per thread, at least {@code minChunk}) until none is
     * left: large claims while much remains keep the atomic traffic low, and the small last ones let the
     * threads finish within a few tiles of each other instead of one chunk-length apart.
     */
    private void work(RangeBody body, int n, int minChunk) {
        int share = 8 * threads;
        while (true) {
            int from = next.get();
            if (from >= n) {
                return;
            }
            int to = Math.min(n, from + Math.max(minChunk, (n - from) / share));
            if (next.compareAndSet(from, to)) {
                body.run(from, to);
            }
        }
    }

    private void workerLoop(int id) {
        long seen = 0;
        while (!closed) {
            long g = generation;
            if (g == seen) {
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (generation == seen && !closed) {
                    if (System.nanoTime() < spinUntil) {
                        Thread.onSpinWait();
                    } else {
                        // announce before the last look at generation: the caller either sees the flag or we see its job
                        parked.set(id, 1);
                        if (generation == seen && !closed) {
                            LockSupport.park(this);
                        }
                        parked.set(id, 0);
                    }
                }
                continue;
            }
            seen = g;
            if (!join(g)) {
                continue; // the caller finished it alone
            }
            try {
                work(body, n, minChunk);
            } catch (Throwable t) {
                failure = t;
                next.set(n);
            } finally {
                job.decrementAndGet();
            }
        }
    }

    /** Enters job {@code g} if it is still open; the job's fields may be read only after this returns true. */
    private boolean join(long g) {
        while (true) {
            long st = job.get();
            if ((st >>> 17) != g || (st & CLOSED) != 0) {
                return false;
            }
            if (job.compareAndSet(st, st + 1)) {
                return true;
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
