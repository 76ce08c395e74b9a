package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.CyclicBarrier;

/**
 * The two ceilings a benchmark measures itself against, on the same threads and in the same run: memory read
 * bandwidth (a vectorized streaming read with eight independent accumulators over a buffer far larger than
 * the caches, so it is bound by memory, not by add latency) and the peak rate of fused multiply-adds (a
 * register-only loop with twelve independent accumulators at the preferred vector width). Needs the Vector API.
 */
public final class MachineProbe {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private MachineProbe() {
    }

    /**
     * Read bandwidth in GB/s (10^9 bytes per second) of {@code threads} threads streaming through {@code bytes}
     * bytes of memory together (each its own contiguous slice): each of {@code repeats} timed passes, in the
     * order they ran.
     */
    public static double[] readBandwidthSamplesGbs(int threads, long bytes, int repeats) {
        long perThread = bytes / threads / 4096 * 4096;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(perThread * threads, 4096);
            buffer.fill((byte) 1); // fault every page in before timing
            // untimed passes until two in a row agree: the interpreted Vector API is ~100x slower, and C2 compiles
            // the loop (on-stack) only during the first pass or two
            double previous = timeTogether(threads, t -> readSlice(buffer, t * perThread, perThread));
            for (int w = 0; w < 4; w++) {
                double seconds = timeTogether(threads, t -> readSlice(buffer, t * perThread, perThread));
                boolean settled = seconds > 0.8 * previous && seconds < 1.25 * previous;
                previous = seconds;
                if (settled) {
                    break;
                }
            }
            double[] samples = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                double seconds = timeTogether(threads, t -> readSlice(buffer, t * perThread, perThread));
                samples[r] = perThread * threads / seconds / 1e9;
            }
            return samples;
        }
    }

    /** Peak GFLOP/s (an FMA is two flops) of {@code threads} threads running register-only FMAs, best of {@code repeats}. */
    public static double fmaPeakGflops(int threads, int repeats) {
        long iterations = 4_000_000L;
        for (int i = 0; i < 20; i++) {
            fmaLoop(200_000); // compile the loop before timing it
        }
        double best = 0;
        for (int r = 0; r < repeats; r++) {
            double seconds = timeTogether(threads, t -> fmaLoop(iterations));
            best = Math.max(best, threads * iterations * 12.0 * F.length() * 2 / seconds / 1e9);
        }
        return best;
    }

    private interface PerThread {
        void run(int thread);
    }

    /**
     * Starts {@code threads} threads at one barrier and returns the seconds from the first start to the last
     * finish, as the threads themselves clock them (the waiting caller may not even be scheduled while they run).
     */
    private static double timeTogether(int threads, PerThread body) {
        CyclicBarrier start = new CyclicBarrier(threads);
        long[] begun = new long[threads];
        long[] ended = new long[threads];
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = Thread.ofPlatform().daemon().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                begun[id] = System.nanoTime();
                body.run(id);
                ended[id] = System.nanoTime();
            });
        }
        try {
            for (Thread t : ts) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("probe interrupted", e);
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < threads; i++) {
            first = Math.min(first, begun[i]);
            last = Math.max(last, ended[i]);
        }
        return (last - first) / 1e9;
    }

    private static void readSlice(MemorySegment m, long from, long bytes) {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        long step = F.vectorByteSize();
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        FloatVector a4 = FloatVector.zero(F);
        FloatVector a5 = FloatVector.zero(F);
        FloatVector a6 = FloatVector.zero(F);
        FloatVector a7 = FloatVector.zero(F);
        long end = from + bytes - 8 * step;
        for (long o = from; o <= end; o += 8 * step) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, m, o, le));
            a1 = a1.add(FloatVector.fromMemorySegment(F, m, o + step, le));
            a2 = a2.add(FloatVector.fromMemorySegment(F, m, o + 2 * step, le));
            a3 = a3.add(FloatVector.fromMemorySegment(F, m, o + 3 * step, le));
            a4 = a4.add(FloatVector.fromMemorySegment(F, m, o + 4 * step, le));
            a5 = a5.add(FloatVector.fromMemorySegment(F, m, o + 5 * step, le));
            a6 = a6.add(FloatVector.fromMemorySegment(F, m, o + 6 * step, le));
            a7 = a7.add(FloatVector.fromMemorySegment(F, m, o + 7 * step, le));
        }
        sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD)
                + m.get(ValueLayout.JAVA_BYTE, from);
    }

    private static void fmaLoop(long iterations) {
        FloatVector m = FloatVector.broadcast(F, 0.999999f);
        FloatVector c = FloatVector.broadcast(F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(F, 1f);
        FloatVector a1 = FloatVector.broadcast(F, 2f);
        FloatVector a2 = FloatVector.broadcast(F, 3f);
        FloatVector a3 = FloatVector.broadcast(F, 4f);
        FloatVector a4 = FloatVector.broadcast(F, 5f);
        FloatVector a5 = FloatVector.broadcast(F, 6f);
        FloatVector a6 = FloatVector.broadcast(F, 7f);
        FloatVector a7 = FloatVector.broadcast(F, 8f);
        FloatVector a8 = FloatVector.broadcast(F, 9f);
        FloatVector a9 = FloatVector.broadcast(F, 10f);
        FloatVector a10 = FloatVector.broadcast(F, 11f);
        FloatVector a11 = FloatVector.broadcast(F, 12f);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        sink = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
