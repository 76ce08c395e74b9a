package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The matrix kernels at DeepSeek-V2-Lite's shapes: a dense-MLP down projection [2048, 10944] (45 MB in BF16,
 * beyond the caches) against 1 token (decode: bandwidth-bound; compare bytes/op with the bench's bandwidth),
 * 8 tokens (batched decode) and 512 tokens (prefill: compute-bound; compare with the FMA peak).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:LoopMaxUnroll=1"})
public class KernelBenchmark {
    @Param({"BF16", "F8_E4M3", "F32"})
    public String dtype;

    @Param({"1", "8", "512"})
    public int tokens;

    @Param({"2"})
    public int threads;

    private static final int OUT = 2048;
    private static final int IN = 10944;

    private Arena arena;
    private CpuBackend backend;
    private Tensor w;
    private Tensor x;
    private Tensor y;

    @Setup(Level.Trial)
    public void setUp() {
        DType type = DType.valueOf(dtype);
        arena = Arena.ofShared();
        long n = (long) OUT * IN;
        MemorySegment data = arena.allocate(type.bytesFor(n), 64);
        SplittableRandom random = new SplittableRandom(1);
        for (long i = 0; i + 8 <= data.byteSize(); i += 8) {
            // small positive/negative values in every format: exponent bits kept moderate
            data.set(ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong() & 0x3F3F3F3F3F3F3F3FL);
        }
        BlockScales scales = null;
        if (type == DType.F8_E4M3) {
            Shape s = BlockScales.expectedShape(OUT, IN, 128, 128);
            MemorySegment sd = arena.allocate(s.elementCount() * 4, 64);
            for (long i = 0; i < s.elementCount(); i++) {
                sd.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 1e-3f);
            }
            scales = new BlockScales(s, sd, 128, 128);
        }
        backend = new CpuBackend(threads);
        w = backend.upload(new HostTensor("w", type, Shape.of(OUT, IN), data, scales));
        x = backend.allocate(DType.F32, tokens, IN);
        float[] xs = new float[tokens * IN];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) random.nextGaussian();
        }
        backend.write(x, xs);
        y = backend.allocate(DType.F32, tokens, OUT);
    }

    @Benchmark
    public Tensor linear() {
        backend.linear(x, w, y);
        return y;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.free(w);
        backend.free(x);
        backend.free(y);
        backend.close();
        arena.close();
    }
}
