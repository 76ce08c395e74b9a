package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The vector kernels (every tile shape: 4 rows x 4 tokens, 4 x 1, 1 x 1, chunk tails) and the batched
 * decode ops against scalar references, at sizes that reach the full-chunk paths: multiples of the 64-column
 * FP8 chunk, DeepSeek's 128 x 128 FP8 blocks with partial edge blocks, and ragged rows and tokens.
 */
class RowKernelsTest {
    private static CpuBackend backend;
    private final Random random = new Random(7);

    @BeforeAll
    static void start() {
        backend = new CpuBackend(3);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    static Stream<Arguments> formatsAndSizes() {
        List<Arguments> cases = new ArrayList<>();
        int[][] sizes = {{1, 9, 256}, {1, 12, 320}, {4, 4, 128}, {5, 130, 192}, {9, 7, 293}, {8, 64, 640}, {3, 33, 1}, {3, 13, 320}, {7, 21, 256}, {70, 41, 2048}};
        for (DType dtype : new DType[] {DType.F32, DType.BF16, DType.F8_E4M3}) {
            for (int[] s : sizes) {
                cases.add(Arguments.of(dtype, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} x[{1}, {3}] w[{2}, {3}]")
    @MethodSource("formatsAndSizes")
    void linearMatchesTheScalarProductInEveryTileShape(DType dtype, int tokens, int out, int in) {
        TestWeights w = TestWeights.random(random, dtype, out, in, 128, 128);
        float[] x = TestWeights.gaussian(random, tokens * in);
        Tensor wt = backend.upload(w.host());
        Tensor xt = backend.allocate(DType.F32, tokens, in);
        backend.write(xt, x);
        Tensor yt = backend.allocate(DType.F32, tokens, out);
        backend.linear(xt, wt, yt);
        float[] y = new float[tokens * out];
        backend.read(yt, y);
        for (int t = 0; t < tokens; t++) {
            for (int o = 0; o < out; o++) {
                double expected = 0;
                double magnitude = 0;
                for (int i = 0; i < in; i++) {
                    expected += w.at(o, i) * x[t * in + i];
                    magnitude += Math.abs(w.at(o, i) * x[t * in + i]);
                }
                assertThat((double) y[t * out + o]).as("token %d row %d", t, o)
                        .isCloseTo(expected, within(1e-6 * magnitude + 1e-30));
            }
        }
        backend.free(wt);
        backend.free(xt);
        backend.free(yt);
    }

    @ParameterizedTest(name = "{0} pack of {1} columns")
    @MethodSource("packCases")
    void packsPutEveryColumnInItsLaneOrder(DType dtype, int in) {
        RowKernels k = switch (dtype) {
            case F32 -> SimdKernels.f32();
            case BF16 -> SimdKernels.bf16();
            default -> SimdKernels.fp8();
        };
        float scale = dtype == DType.F8_E4M3 ? 0x1p60f : 1f;
        int lanes = SimdKernels.L;
        int chunk = k.chunk();
        int ways = chunk / lanes; // weights per 32-bit lane
        float[] x = TestWeights.gaussian(random, 3 + in);
        float[] dst = new float[5 + in];
        assertThat(k.pack(x, 3, in, dst, 5)).isTrue();
        int full = in - in % chunk;
        for (int col = 0; col < in; col++) {
            // the documented order: column c*chunk + ways*j + q goes to c*chunk + lanes*q + j; the tail stays put
            int to = col;
            if (col < full) {
                int base = col - col % chunk;
                int j = (col - base) / ways;
                int q = (col - base) % ways;
                to = base + lanes * q + j;
            }
            assertThat(dst[5 + to]).as("column %d", col).isEqualTo(x[3 + col] * scale);
        }
        assertThat(dst[4]).as("nothing written before the row").isZero();
    }

    static Stream<Arguments> packCases() {
        List<Arguments> cases = new ArrayList<>();
        for (DType dtype : new DType[] {DType.F32, DType.BF16, DType.F8_E4M3}) {
            for (int in : new int[] {1, 31, 64, 130, 2048, 2051}) {
                cases.add(Arguments.of(dtype, in));
            }
        }
        return cases.stream();
    }

    @Test
    void fp8PackRefusesAnInputTooLargeToScaleInTheVectorPartAndInTheTail() {
        RowKernels k = SimdKernels.fp8();
        int in = 4 * SimdKernels.L + 3;
        float[] dst = new float[in];
        for (int at : new int[] {0, 2 * SimdKernels.L + 1, in - 1}) {
            float[] x = TestWeights.gaussian(random, in);
            x[at] = -3e21f;
            assertThat(k.pack(x, 0, in, dst, 0)).as("x[%d] = -3e21", at).isFalse();
        }
        assertThat(k.pack(TestWeights.gaussian(random, in), 0, in, dst, 0)).isTrue();
    }

    @Test
    void fp8InputsTooLargeForTheScaledKernelsStillMatchTheScalarProduct() {
        // the FP8 kernels scale x by 2^60; inputs near F32's top take the decoded-row path instead
        int tokens = 3;
        int out = 9;
        int in = 256;
        TestWeights w = TestWeights.random(random, DType.F8_E4M3, out, in, 128, 128);
        float[] x = TestWeights.gaussian(random, tokens * in);
        x[in + 5] = 3e21f;
        Tensor wt = backend.upload(w.host());
        Tensor xt = backend.allocate(DType.F32, tokens, in);
        backend.write(xt, x);
        Tensor yt = backend.allocate(DType.F32, tokens, out);
        backend.linear(xt, wt, yt);
        float[] y = new float[tokens * out];
        backend.read(yt, y);
        for (int t = 0; t < tokens; t++) {
            for (int o = 0; o < out; o++) {
                double expected = 0;
                double magnitude = 0;
                for (int i = 0; i < in; i++) {
                    expected += w.at(o, i) * x[t * in + i];
                    magnitude += Math.abs(w.at(o, i) * x[t * in + i]);
                }
                assertThat(Float.isFinite(y[t * out + o])).isTrue();
                assertThat((double) y[t * out + o]).as("token %d row %d", t, o)
                        .isCloseTo(expected, within(1e-6 * magnitude + 1e-30));
            }
        }
        backend.free(wt);
        backend.free(xt);
        backend.free(yt);
    }

    @Test
    void groupedExpertGemmWithRepeatedExpertsMatchesOneProductPerSlot() {
        int experts = 5;
        int out = 70;
        int in = 256;
        int tokens = 9;
        int k = 3;
        for (DType dtype : new DType[] {DType.BF16, DType.F8_E4M3, DType.F32}) {
            List<TestWeights> ws = new ArrayList<>();
            List<Tensor> uploaded = new ArrayList<>();
            for (int e = 0; e < experts; e++) {
                TestWeights w = TestWeights.random(random, dtype, out, in, 128, 128);
                ws.add(w);
                uploaded.add(backend.upload(w.host()));
            }
            Tensor stack = backend.stackExperts(uploaded);
            int[] ids = new int[tokens * k];
            for (int s = 0; s < ids.length; s++) {
                ids[s] = (s * 7 + s / k) % experts; // every expert chosen by several tokens
            }
            float[] x = TestWeights.gaussian(random, tokens * in);
            Tensor xt = backend.allocate(DType.F32, tokens, in);
            backend.write(xt, x);
            Tensor idt = backend.allocate(DType.I32, tokens, k);
            backend.write(idt, ids);
            Tensor yt = backend.allocate(DType.F32, tokens, k, out);
            backend.groupedExpertGemm(xt, stack, idt, yt);
            float[] y = new float[tokens * k * out];
            backend.read(yt, y);
            for (int s = 0; s < ids.length; s++) {
                TestWeights w = ws.get(ids[s]);
                int t = s / k;
                for (int o = 0; o < out; o++) {
                    double expected = 0;
                    double magnitude = 0;
                    for (int i = 0; i < in; i++) {
                        expected += w.at(o, i) * x[t * in + i];
                        magnitude += Math.abs(w.at(o, i) * x[t * in + i]);
                    }
                    assertThat((double) y[s * out + o]).as("%s slot %d row %d", dtype, s, o)
                            .isCloseTo(expected, within(1e-6 * magnitude));
                }
            }
            backend.free(stack);
            backend.free(xt);
            backend.free(idt);
            backend.free(yt);
        }
    }

    @Test
    void batchedDecodeOpsEqualTheSameOpsRunOneSequenceAtATime() {
        MlaDims dims = new MlaDims(3, 16, 8, 12, 32);
        int width = dims.latentWidth();
        int[] positions = {0, 5, 2, 9};
        int batch = positions.length;
        int capacity = 12;
        float[] table = TestWeights.gaussian(random, 16 * dims.qkRopeHeadDim());
        Tensor ropeTable = backend.allocate(DType.F32, 16, dims.qkRopeHeadDim());
        backend.write(ropeTable, table);
        TestWeights kvBWeights = TestWeights.random(random, DType.BF16, dims.heads() * dims.kvBRowsPerHead(),
                dims.kvLoraRank(), 128, 128);
        Tensor kvB = backend.upload(kvBWeights.host());
        Tensor norm = backend.upload(TestWeights.random(random, DType.BF16, 1, dims.kvLoraRank()).host());
        float[] q = TestWeights.gaussian(random, batch * dims.heads() * dims.qkHeadDim());
        float[] kvA = TestWeights.gaussian(random, batch * width);

        // batched: every row its own cache and position
        List<Tensor> caches = new ArrayList<>();
        List<float[]> history = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            float[] past = TestWeights.gaussian(random, capacity * width);
            history.add(past);
            Tensor c = backend.allocate(DType.F32, capacity, width);
            backend.write(c, past);
            caches.add(c);
        }
        Tensor qt = backend.allocate(DType.F32, batch, dims.heads() * dims.qkHeadDim());
        backend.write(qt, q);
        Tensor kvAt = backend.allocate(DType.F32, batch, width);
        backend.write(kvAt, kvA);
        Tensor outT = backend.allocate(DType.F32, batch, dims.heads() * dims.vHeadDim());
        backend.rope(qt, ropeTable, positions, dims.heads(), dims.qkHeadDim(), dims.qkNopeHeadDim());
        backend.latentCacheWrite(kvAt, norm, 1e-6f, ropeTable, positions, caches);
        backend.mlaAttention(qt, kvB, caches, positions, dims, 0.3f, outT);
        float[] batched = new float[batch * dims.heads() * dims.vHeadDim()];
        backend.read(outT, batched);

        // one sequence at a time through the single-sequence ops
        int qWidth = dims.heads() * dims.qkHeadDim();
        int vWidth = dims.heads() * dims.vHeadDim();
        for (int b = 0; b < batch; b++) {
            Tensor c = backend.allocate(DType.F32, capacity, width);
            backend.write(c, history.get(b));
            Tensor q1 = backend.allocate(DType.F32, 1, qWidth);
            float[] row = new float[qWidth];
            System.arraycopy(q, b * qWidth, row, 0, qWidth);
            backend.write(q1, row);
            Tensor kv1 = backend.allocate(DType.F32, 1, width);
            float[] kvRow = new float[width];
            System.arraycopy(kvA, b * width, kvRow, 0, width);
            backend.write(kv1, kvRow);
            Tensor o1 = backend.allocate(DType.F32, 1, vWidth);
            backend.rope(q1, ropeTable, positions[b], dims.heads(), dims.qkHeadDim(), dims.qkNopeHeadDim());
            backend.latentCacheWrite(kv1, norm, 1e-6f, ropeTable, positions[b], c);
            backend.mlaAttention(q1, kvB, c, positions[b], dims, 0.3f, o1);
            float[] single = new float[vWidth];
            backend.read(o1, single);
            for (int i = 0; i < vWidth; i++) {
                assertThat(batched[b * vWidth + i]).as("row %d value %d", b, i).isEqualTo(single[i]);
            }
            float[] cacheSingle = new float[capacity * width];
            float[] cacheBatched = new float[capacity * width];
            backend.read(c, cacheSingle);
            backend.read(caches.get(b), cacheBatched);
            assertThat(cacheBatched).isEqualTo(cacheSingle);
            for (Tensor t : List.of(c, q1, kv1, o1)) {
                backend.free(t);
            }
        }
        caches.forEach(backend::free);
        for (Tensor t : List.of(ropeTable, kvB, norm, qt, kvAt, outT)) {
            backend.free(t);
        }
    }
}
