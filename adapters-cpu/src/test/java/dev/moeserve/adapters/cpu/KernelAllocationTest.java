package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tile kernel of every format, once C2 has compiled it, runs without allocating. A kernel that allocates
 * has lost vector intrinsics to boxing (a vector helper called instead of written out, or a method grown past
 * what C2 inlines), each vector op then a heap object and the kernel many times slower. The check waits for
 * compilation rather than timing anything: it calls the kernel until a round of calls allocates nothing, and
 * fails if that never happens.
 */
class KernelAllocationTest {
    private static final int ROWS = 8;
    private static final int IN = 2048;
    private static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(90);

    private static CpuBackend backend;

    @BeforeAll
    static void start() {
        backend = new CpuBackend(1);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static Stream<Arguments> kernels() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.BF16, DType.F8_E4M3, DType.F32}) {
            for (String tile : new String[] {"4x4", "4x2", "4x1", "8x1", "1x1"}) {
                cases.add(Arguments.of(dtype, tile));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} tile {1}")
    @MethodSource("kernels")
    void aCompiledKernelAllocatesNothing(DType dtype, String tile) {
        Random random = new Random(11);
        HostTensor heap = TestWeights.random(random, dtype, ROWS, IN, 128, 128).host();
        // in native memory, as every loaded checkpoint's weights are: the Vector API reads heap-backed segments
        // through a slower path that allocates whatever the kernel
        MemorySegment data = Arena.ofAuto().allocate(heap.data().byteSize(), 64).copyFrom(heap.data());
        WeightTensor w = (WeightTensor) backend.upload(new HostTensor(heap.name(), dtype, heap.shape(), data, heap.scales()));
        RowKernels k = w.kernels();
        assertThat(k).as("%s has vector kernels", dtype).isNotNull();
        float[] x = TestWeights.gaussian(random, 4 * IN);
        float[] xp = new float[4 * IN];
        for (int t = 0; t < 4; t++) {
            assertThat(k.pack(x, t * IN, IN, xp, t * IN)).isTrue();
        }
        float[] out = new float[4 * ROWS];
        Runnable call = switch (tile) {
            case "4x4" -> () -> k.tile4x4(w, 4, xp, 0, IN, 2 * IN, 3 * IN, out, 0, ROWS, 2 * ROWS, 3 * ROWS);
            case "4x2" -> () -> k.tile4x2(w, 4, xp, 0, IN, out, 0, ROWS);
            case "4x1" -> () -> k.tile4x1(w, 4, xp, 0, out, 0);
            case "8x1" -> () -> k.tile8x1(w, 0, xp, 0, out, 0);
            case "1x1" -> () -> k.tile1x1(w, 5, xp, 0, out, 0);
            default -> throw new IllegalArgumentException(tile);
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + PATIENCE_NANOS;
        long allocated;
        int rounds = 0;
        do {
            for (int i = 0; i < 2_000; i++) {
                call.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 500; i++) {
                call.run();
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
            rounds++;
        } while (allocated > 0 && System.nanoTime() < deadline);
        assertThat(allocated).as("bytes allocated by 500 calls of the %s %s tile after %d rounds of warm-up", dtype, tile, rounds)
                .isZero();
        assertThat(out).as("the kernel wrote its outputs").isNotEqualTo(new float[4 * ROWS]);
        backend.free(w);
    }
}
