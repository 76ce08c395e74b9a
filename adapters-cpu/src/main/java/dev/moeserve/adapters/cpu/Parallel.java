package dev.moeserve.adapters.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;

/** Splits index ranges over a fixed pool of worker threads. */
final class Parallel implements AutoCloseable {
    /** Below this many multiply-adds in a call, threads cost more than they save. */
    private static final long MIN_PARALLEL_WORK = 1L << 15;

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    Parallel(int threads) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) in chunks, in parallel when {@code n * workPerItem} is large enough. */
    void forRange(int n, long workPerItem, RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (pool == null || n == 1 || (long) n * workPerItem < MIN_PARALLEL_WORK) {
            body.run(0, n);
            return;
        }
        int chunk = Math.max(1, Math.ceilDiv(n, threads * 4));
        pool.invoke(new Chunk(body, 0, n, chunk));
    }

    private static final class Chunk extends RecursiveAction {
        private final RangeBody body;
        private final int from;
        private final int to;
        private final int chunk;

        Chunk(RangeBody body, int from, int to, int chunk) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunk = chunk;
        }

        @Override
        protected void compute() {
            if (to - from <= chunk) {
                body.run(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Chunk(body, from, mid, chunk), new Chunk(body, mid, to, chunk));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
