package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.RoutingRule;
import dev.moeserve.domain.compute.ScoringFunction;
import dev.moeserve.domain.compute.Tensor;
import dev.moeserve.domain.compute.TopKMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every op of the CPU backend against a plain scalar reference computed in double precision here
 * (the ggml test-backend-ops idea). Sizes are chosen so the multi-threaded paths run too.
 */
class CpuBackendOpsTest {
    private static final double TOL = 2e-5;
    private static CpuBackend backend;
    private final Random random = new Random(42);

    @BeforeAll
    static void start() {
        backend = new CpuBackend(4);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private Tensor f32(float[] values, int... dims) {
        Tensor t = backend.allocate(DType.F32, dims);
        backend.write(t, values);
        return t;
    }

    private float[] read(Tensor t) {
        float[] out = new float[(int) t.shape().elementCount()];
        backend.read(t, out);
        return out;
    }

    private static void assertClose(float[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance * scale));
        }
    }

    @Test
    void describesItselfAsTheCpuBackendHoldingEveryStoredFormat() {
        assertThat(backend.info().name()).isEqualTo("cpu");
        assertThat(backend.info().weightDTypes()).containsExactlyInAnyOrder(DType.F32, DType.BF16, DType.F16, DType.F8_E4M3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16", "F16", "F8_E4M3"})
    void linearDecodesEveryStoredFormatExactly(DType dtype) {
        int rows = 7;
        int in = 37;   // not a multiple of the vector width or of the 8-column fp8 blocks
        int out = 130; // fp8: 33 row blocks of 4, the last one partial
        TestWeights w = TestWeights.random(random, dtype, out, in);
        float[] x = TestWeights.gaussian(random, rows * in);
        Tensor wt = backend.upload(w.host());
        Tensor xt = f32(x, rows, in);
        Tensor yt = backend.allocate(DType.F32, rows, out);
        backend.linear(xt, wt, yt);
        double[] expected = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = 0;
                for (int i = 0; i < in; i++) {
                    s += x[r * in + i] * w.at(o, i);
                }
                expected[r * out + o] = s;
            }
        }
        assertClose(read(yt), expected, TOL);

        // a one-hot input reads single weights back bit for bit
        float[] oneHot = new float[in];
        oneHot[in - 1] = 1;
        Tensor single = f32(oneHot, 1, in);
        Tensor column = backend.allocate(DType.F32, 1, out);
        backend.linear(single, wt, column);
        float[] got = read(column);
        for (int o = 0; o < out; o++) {
            assertThat(got[o]).isEqualTo((float) w.at(o, in - 1));
        }
    }

    @Test
    void decodesE4m3LikeItsDefinition() {
        for (int bits = 0; bits < 256; bits++) {
            if ((bits & 0x7F) == 0x7F) {
                assertThat(Fp8E4M3.decode((byte) bits)).isNaN();
            } else {
                assertThat((double) Fp8E4M3.decode((byte) bits)).isEqualTo(TestWeights.e4m3(bits));
            }
        }
        assertThat(Fp8E4M3.decode((byte) 0x7E)).isEqualTo(448f);
    }

    @Test
    void rmsNormScalesEachRowToUnitRootMeanSquareTimesTheWeight() {
        int rows = 300;
        int d = 64;
        float[] x = TestWeights.gaussian(random, rows * d);
        TestWeights w = TestWeights.random(random, DType.BF16, 1, d);
        Tensor out = backend.allocate(DType.F32, rows, d);
        backend.rmsNorm(f32(x, rows, d), backend.upload(w.host()), 1e-6f, out);
        double[] expected = new double[rows * d];
        for (int r = 0; r < rows; r++) {
            double ms = 0;
            for (int i = 0; i < d; i++) {
                ms += (double) x[r * d + i] * x[r * d + i];
            }
            double inv = 1 / Math.sqrt(ms / d + 1e-6);
            for (int i = 0; i < d; i++) {
                expected[r * d + i] = x[r * d + i] * inv * w.values()[i];
            }
        }
        assertClose(read(out), expected, TOL);
    }

    @Test
    void ropeRotatesInterleavedPairsOfTheRopePartOfEachHeadOnly() {
        int tokens = 3;
        int heads = 2;
        int headDim = 10;
        int offset = 4;
        int ropeDim = 6;
        int startPos = 5;
        int positions = 10;
        float[] table = new float[positions * ropeDim];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < ropeDim / 2; i++) {
                double angle = p * Math.pow(10, -i);
                table[p * ropeDim + 2 * i] = (float) Math.cos(angle);
                table[p * ropeDim + 2 * i + 1] = (float) Math.sin(angle);
            }
        }
        float[] x = TestWeights.gaussian(random, tokens * heads * headDim);
        Tensor xt = f32(x, tokens, heads * headDim);
        backend.rope(xt, f32(table, positions, ropeDim), startPos, heads, headDim, offset);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = x[i];
        }
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < ropeDim / 2; i++) {
                    int at = t * heads * headDim + h * headDim + offset + 2 * i;
                    double angle = (startPos + t) * Math.pow(10, -i);
                    double a = x[at];
                    double b = x[at + 1];
                    expected[at] = a * Math.cos(angle) - b * Math.sin(angle);
                    expected[at + 1] = a * Math.sin(angle) + b * Math.cos(angle);
                }
            }
        }
        assertClose(read(xt), expected, 1e-6);
    }

    @Test
    void elementwiseOpsEmbeddingAndRowCopies() {
        int n = 40_000;
        float[] a = TestWeights.gaussian(random, n);
        float[] b = TestWeights.gaussian(random, n);
        Tensor at = f32(a, 100, 400);
        Tensor bt = f32(b, 100, 400);
        Tensor out = backend.allocate(DType.F32, 100, 400);
        backend.add(at, bt, out);
        double[] sum = new double[n];
        double[] silu = new double[n];
        for (int i = 0; i < n; i++) {
            sum[i] = (double) a[i] + b[i];
            silu[i] = a[i] / (1 + Math.exp(-a[i])) * b[i];
        }
        assertClose(read(out), sum, 1e-7);
        backend.siluMul(at, bt, at); // in place
        assertClose(read(at), silu, 1e-6);

        TestWeights table = TestWeights.random(random, DType.BF16, 20, 16);
        Tensor emb = backend.allocate(DType.F32, 3, 16);
        backend.embed(backend.upload(table.host()), new int[] {19, 0, 19}, emb);
        float[] got = read(emb);
        for (int c = 0; c < 16; c++) {
            assertThat((double) got[c]).isEqualTo(table.at(19, c));
            assertThat((double) got[16 + c]).isEqualTo(table.at(0, c));
            assertThat((double) got[32 + c]).isEqualTo(table.at(19, c));
        }
        assertThatThrownBy(() -> backend.embed(backend.upload(table.host()), new int[] {20}, backend.allocate(DType.F32, 1, 16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token id 20");

        Tensor dst = backend.allocate(DType.F32, 4, 16);
        backend.copyRows(emb, 1, dst, 2, 2);
        float[] copied = read(dst);
        for (int c = 0; c < 16; c++) {
            assertThat(copied[c]).isZero();
            assertThat(copied[32 + c]).isEqualTo(got[16 + c]);
            assertThat(copied[48 + c]).isEqualTo(got[32 + c]);
        }
    }

    @Test
    void latentCacheWriteNormalizesTheLatentAndRotatesTheSharedKeyAtItsPositions() {
        int rank = 12;
        int rope = 4;
        int tokens = 2;
        int startPos = 3;
        float[] table = new float[8 * rope];
        for (int p = 0; p < 8; p++) {
            for (int i = 0; i < rope / 2; i++) {
                table[p * rope + 2 * i] = (float) Math.cos(p * (i + 1) * 0.3);
                table[p * rope + 2 * i + 1] = (float) Math.sin(p * (i + 1) * 0.3);
            }
        }
        float[] kvA = TestWeights.gaussian(random, tokens * (rank + rope));
        TestWeights norm = TestWeights.random(random, DType.BF16, 1, rank);
        Tensor cache = backend.allocate(DType.F32, 6, rank + rope);
        backend.latentCacheWrite(f32(kvA, tokens, rank + rope), backend.upload(norm.host()), 1e-6f,
                f32(table, 8, rope), startPos, cache);
        double[] expected = new double[6 * (rank + rope)];
        for (int t = 0; t < tokens; t++) {
            int in = t * (rank + rope);
            int at = (startPos + t) * (rank + rope);
            double ms = 0;
            for (int i = 0; i < rank; i++) {
                ms += (double) kvA[in + i] * kvA[in + i];
            }
            double inv = 1 / Math.sqrt(ms / rank + 1e-6);
            for (int i = 0; i < rank; i++) {
                expected[at + i] = kvA[in + i] * inv * norm.values()[i];
            }
            int pos = startPos + t;
            for (int i = 0; i < rope / 2; i++) {
                double angle = pos * (i + 1) * 0.3;
                double a = kvA[in + rank + 2 * i];
                double b = kvA[in + rank + 2 * i + 1];
                expected[at + rank + 2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
                expected[at + rank + 2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
        assertClose(read(cache), expected, 1e-5);

        Tensor latent = backend.allocate(DType.F32, 5, rank);
        Tensor keys = backend.allocate(DType.F32, 5, rope);
        backend.latentCacheRead(cache, 5, latent, keys);
        float[] l = read(latent);
        float[] k = read(keys);
        float[] c = read(cache);
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < rank; i++) {
                assertThat(l[j * rank + i]).isEqualTo(c[j * (rank + rope) + i]);
            }
            for (int i = 0; i < rope; i++) {
                assertThat(k[j * rope + i]).isEqualTo(c[j * (rank + rope) + rank + i]);
            }
        }
    }

    /** Scalar MLA over the latent cache: expand keys and values in double, attend causally. */
    private static double[] referenceAttention(float[] q, TestWeights kvB, float[] cache, int tokens, int startPos,
                                               MlaDims d, double scale) {
        int width = d.latentWidth();
        int keys = startPos + tokens;
        double[] out = new double[tokens * d.heads() * d.vHeadDim()];
        for (int h = 0; h < d.heads(); h++) {
            int base = h * d.kvBRowsPerHead();
            double[][] kNope = new double[keys][d.qkNopeHeadDim()];
            double[][] v = new double[keys][d.vHeadDim()];
            for (int j = 0; j < keys; j++) {
                for (int r = 0; r < d.kvBRowsPerHead(); r++) {
                    double s = 0;
                    for (int c = 0; c < d.kvLoraRank(); c++) {
                        s += kvB.at(base + r, c) * cache[j * width + c];
                    }
                    if (r < d.qkNopeHeadDim()) {
                        kNope[j][r] = s;
                    } else {
                        v[j][r - d.qkNopeHeadDim()] = s;
                    }
                }
            }
            for (int t = 0; t < tokens; t++) {
                int qAt = t * d.heads() * d.qkHeadDim() + h * d.qkHeadDim();
                int visible = startPos + t + 1;
                double[] p = new double[visible];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < visible; j++) {
                    double s = 0;
                    for (int i = 0; i < d.qkNopeHeadDim(); i++) {
                        s += q[qAt + i] * kNope[j][i];
                    }
                    for (int i = 0; i < d.qkRopeHeadDim(); i++) {
                        s += q[qAt + d.qkNopeHeadDim() + i] * cache[j * width + d.kvLoraRank() + i];
                    }
                    p[j] = s * scale;
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < visible; j++) {
                    p[j] = Math.exp(p[j] - max);
                    sum += p[j];
                }
                for (int i = 0; i < d.vHeadDim(); i++) {
                    double s = 0;
                    for (int j = 0; j < visible; j++) {
                        s += p[j] / sum * v[j][i];
                    }
                    out[t * d.heads() * d.vHeadDim() + h * d.vHeadDim() + i] = s;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BF16", "F8_E4M3"})
    void absorbedAndExpandedAttentionBothMatchScalarMla(DType dtype) {
        MlaDims d = new MlaDims(3, 8, 4, 6, 16);
        int startPos = 5;
        int tokens = 20; // two token chunks per head in the absorbed kernel
        int keys = startPos + tokens;
        TestWeights kvB = TestWeights.random(random, dtype, d.heads() * d.kvBRowsPerHead(), d.kvLoraRank());
        float[] cache = TestWeights.gaussian(random, (keys + 3) * d.latentWidth());
        float[] q = TestWeights.gaussian(random, tokens * d.heads() * d.qkHeadDim());
        float scale = 0.37f;
        double[] expected = referenceAttention(q, kvB, cache, tokens, startPos, d, scale);

        Tensor w = backend.upload(kvB.host());
        Tensor cacheT = f32(cache, keys + 3, d.latentWidth());
        Tensor qT = f32(q, tokens, d.heads() * d.qkHeadDim());
        Tensor absorbed = backend.allocate(DType.F32, tokens, d.heads() * d.vHeadDim());
        backend.mlaAttention(qT, w, cacheT, startPos, d, scale, absorbed);
        assertClose(read(absorbed), expected, 1e-4);

        Tensor latent = backend.allocate(DType.F32, keys, d.kvLoraRank());
        Tensor ropeKeys = backend.allocate(DType.F32, keys, d.qkRopeHeadDim());
        Tensor kv = backend.allocate(DType.F32, keys, d.heads() * d.kvBRowsPerHead());
        backend.latentCacheRead(cacheT, keys, latent, ropeKeys);
        backend.linear(latent, w, kv);
        Tensor expanded = backend.allocate(DType.F32, tokens, d.heads() * d.vHeadDim());
        backend.expandedAttention(qT, kv, ropeKeys, startPos, d, scale, expanded);
        assertClose(read(expanded), expected, 1e-4);
    }

    @Test
    void attentionRefusesQueriesBeyondTheCachedTokens() {
        MlaDims d = new MlaDims(1, 2, 2, 2, 4);
        Tensor q = backend.allocate(DType.F32, 2, d.qkHeadDim());
        Tensor cache = backend.allocate(DType.F32, 3, d.latentWidth());
        Tensor w = backend.upload(TestWeights.random(random, DType.F32, d.kvBRowsPerHead(), d.kvLoraRank()).host());
        Tensor out = backend.allocate(DType.F32, 2, d.vHeadDim());
        assertThatThrownBy(() -> backend.mlaAttention(q, w, cache, 2, d, 1f, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache");
    }

    @Test
    void routeAppliesTheRuleToTheGateLogitsOfEveryToken() {
        int tokens = 5;
        int hidden = 24;
        int experts = 8;
        RoutingRule rule = new RoutingRule(ScoringFunction.SIGMOID, TopKMethod.NOAUX_TC, 2, experts, 4, 2, true, 2.5f);
        TestWeights gate = TestWeights.random(random, DType.BF16, experts, hidden);
        float[] bias = TestWeights.gaussian(random, experts);
        float[] x = TestWeights.gaussian(random, tokens * hidden);
        Tensor weights = backend.allocate(DType.F32, tokens, 2);
        Tensor ids = backend.allocate(DType.I32, tokens, 2);
        backend.route(f32(x, tokens, hidden), backend.upload(gate.host()), f32(bias, experts), rule, weights, ids);
        float[] gotWeights = read(weights);
        int[] gotIds = new int[tokens * 2];
        backend.read(ids, gotIds);
        for (int t = 0; t < tokens; t++) {
            float[] logits = new float[experts];
            for (int e = 0; e < experts; e++) {
                double s = 0;
                for (int i = 0; i < hidden; i++) {
                    s += x[t * hidden + i] * gate.at(e, i);
                }
                logits[e] = (float) s;
            }
            float[] w = new float[2];
            int[] id = new int[2];
            rule.select(logits, 0, bias, w, id, 0);
            assertThat(new int[] {gotIds[2 * t], gotIds[2 * t + 1]}).containsExactly(id);
            assertThat(gotWeights[2 * t]).isCloseTo(w[0], within(1e-5f));
            assertThat(gotWeights[2 * t + 1]).isCloseTo(w[1], within(1e-5f));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"BF16", "F8_E4M3"})
    void groupedExpertGemmMultipliesEachSlotByTheExpertItChose(DType dtype) {
        int tokens = 6;
        int k = 3;
        int experts = 5;
        int in = 40;
        int out = 70;
        List<TestWeights> weights = new ArrayList<>();
        List<Tensor> uploaded = new ArrayList<>();
        for (int e = 0; e < experts; e++) {
            TestWeights w = TestWeights.random(random, dtype, out, in);
            weights.add(w);
            uploaded.add(backend.upload(w.host()));
        }
        Tensor stack = backend.stackExperts(uploaded);
        assertThat(stack.shape().dims()).containsExactly(experts, out, in);
        int[] ids = new int[tokens * k];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(experts - 1); // the last expert is never chosen
        }
        Tensor idT = backend.allocate(DType.I32, tokens, k);
        backend.write(idT, ids);

        float[] x = TestWeights.gaussian(random, tokens * in);
        Tensor y = backend.allocate(DType.F32, tokens, k, out);
        backend.groupedExpertGemm(f32(x, tokens, in), stack, idT, y);
        float[] x3 = TestWeights.gaussian(random, tokens * k * in);
        Tensor y3 = backend.allocate(DType.F32, tokens, k, out);
        backend.groupedExpertGemm(f32(x3, tokens, k, in), stack, idT, y3);

        double[] expected = new double[tokens * k * out];
        double[] expected3 = new double[tokens * k * out];
        for (int slot = 0; slot < tokens * k; slot++) {
            TestWeights w = weights.get(ids[slot]);
            for (int o = 0; o < out; o++) {
                double s = 0;
                double s3 = 0;
                for (int i = 0; i < in; i++) {
                    s += x[(slot / k) * in + i] * w.at(o, i);
                    s3 += x3[slot * in + i] * w.at(o, i);
                }
                expected[slot * out + o] = s;
                expected3[slot * out + o] = s3;
            }
        }
        assertClose(read(y), expected, TOL);
        assertClose(read(y3), expected3, TOL);
    }

    @Test
    void moeCombineWeighsTheExpertOutputsAndAddsTheSharedOutput() {
        int tokens = 4;
        int k = 3;
        int hidden = 33;
        float[] y = TestWeights.gaussian(random, tokens * k * hidden);
        float[] w = TestWeights.gaussian(random, tokens * k);
        float[] shared = TestWeights.gaussian(random, tokens * hidden);
        Tensor sharedT = f32(shared, tokens, hidden);
        Tensor yT = f32(y, tokens, k, hidden);
        Tensor wT = f32(w, tokens, k);
        Tensor out = backend.allocate(DType.F32, tokens, hidden);
        backend.moeCombine(yT, wT, null, out);
        backend.moeCombine(yT, wT, sharedT, sharedT); // accumulating onto the shared output in place
        double[] routed = new double[tokens * hidden];
        double[] total = new double[tokens * hidden];
        for (int t = 0; t < tokens; t++) {
            for (int c = 0; c < hidden; c++) {
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += w[t * k + j] * y[(t * k + j) * hidden + c];
                }
                routed[t * hidden + c] = s;
                total[t * hidden + c] = s + shared[t * hidden + c];
            }
        }
        assertClose(read(out), routed, TOL);
        assertClose(read(sharedT), total, TOL);
    }

    @Test
    void mismatchedShapesAndFreedTensorsAreRejected() {
        Tensor x = backend.allocate(DType.F32, 2, 8);
        Tensor w = backend.upload(TestWeights.random(random, DType.BF16, 4, 9).host());
        Tensor y = backend.allocate(DType.F32, 2, 4);
        assertThatThrownBy(() -> backend.linear(x, w, y))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w must have rows of 8");
        backend.free(x);
        assertThatThrownBy(() -> backend.add(x, x, y)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("freed");
        assertThatThrownBy(() -> backend.allocate(DType.BF16, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
