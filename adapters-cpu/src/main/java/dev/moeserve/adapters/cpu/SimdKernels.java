package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * {@link RowKernels} in the Vector API at the widest species the machine prefers (512 bits with AVX-512):
 * one wide load of stored weights feeds 1 (F32), 2 (BF16) or 4 (F8_E4M3) float vectors, decoded with shifts
 * and masks in registers. Tiles of 4 rows x 4 tokens keep 16 independent accumulators (enough to hide FMA
 * latency and to reuse every decoded weight vector for 4 tokens); 4 x 1 tiles keep 8 for single-token decode.
 * Loaded only when the incubator module is present.
 *
 * <p>FP8 decoding: with the e4m3 byte in bits 31..24 of a lane, an arithmetic shift right by 4 and a mask
 * put its sign and 7 magnitude bits where an F32 keeps them, which reads as the value times 2^-120 exactly
 * (subnormals included). The one-token kernels shift 16-bit lanes, which moves two bytes of a lane at once
 * (9 integer operations per four float vectors instead of 11). The one-token kernels leave the block scale out of the inner loop (it would cost a
 * multiply per decoded vector, a quarter of their work): they sum {@code w * x} over a 128-column block and
 * multiply the block's sum by its scale once. So that those products stay clear of F32's subnormal range,
 * packed x is scaled by 2^60 and the scales are kept times 2^60 (powers of two: exact). The four-token tile
 * multiplies each decoded vector by its scale, as the reference dequantizes, before using it four times.
 * The decode is written out in each kernel rather than called: C2 does not inline an already-compiled
 * vector helper into a large method, and a call boxes the vectors. The FP8 4-token tile is the exception to
 * writing everything out: it takes the four byte positions of a lane in a loop, because its body written out
 * four times compiled 2.6x slower (2.1 against 0.8 us a tile of [4, 2048] x 4 tokens).
 *
 * <p>Each accumulator's lanes are summed by the fixed fold of {@link LaneSums}, written out as four
 * {@code lanesN = lanesN.add(lanesN.rearrange(FOLD_k, KEEP_k))} statements, so results do not depend on
 * whether C2 has compiled the kernel yet. The scalar column tail is called only when a row has one.
 *
 * <p>Written from one template per format; the three classes differ only in how a chunk is decoded.
 */
final class SimdKernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int L = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HIGH_HALF = 0xFFFF0000;
    /** Sign bit and the 7 magnitude bits of an e4m3 byte once shifted into place (bits 31 and 26..20). */
    private static final int E4M3_BITS = 0x87F00000;

    /**
     * For {@code a.rearrange(EVEN_LANES, b)}: lanes 0, 2, 4, ... of the 2L lanes of a then b (ODD_LANES: 1, 3, ...).
     * Indexes from L up select from b. The packs reorder x with them: the scalar loop they replace took 1.5 ms
     * for a 512-token x of 2048 columns while the other threads waited (the products themselves take 3-7 ms at
     * mid sizes); this takes 0.2-0.3.
     */
    private static final VectorShuffle<Float> EVEN_LANES = VectorShuffle.fromOp(F, i -> 2 * i);
    private static final VectorShuffle<Float> ODD_LANES = VectorShuffle.fromOp(F, i -> 2 * i + 1);

    private static final RowKernels F32_KERNELS = new F32();
    private static final RowKernels BF16_KERNELS = new Bf16();
    private static final RowKernels FP8_KERNELS = new Fp8();

    private SimdKernels() {
    }

    static RowKernels f32() {
        return F32_KERNELS;
    }

    static RowKernels bf16() {
        return BF16_KERNELS;
    }

    static RowKernels fp8() {
        return FP8_KERNELS;
    }

    /** Columns per FP8 chunk: block scales must be constant over one. */
    static int fp8ChunkColumns() {
        return 4 * L;
    }

    /** F32 weights: 1 weight per 32-bit lane. */
    static final class F32 implements RowKernels {
        private static final int CHUNK = 1 * L;

        @Override
        public int chunk() {
            return CHUNK;
        }

        @Override
        public boolean pack(float[] x, int xo, int in, float[] dst, int dOff) {
            System.arraycopy(x, xo, dst, dOff, in); // one weight per lane: the order is unchanged
            return true;
        }

        @Override
        public void tile4x4(WeightTensor w, int r0, float[] xp, int x0, int x1, int x2, int x3, float[] out, int y0, int y1, int y2, int y3) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 4L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a010 = FloatVector.zero(F);
            FloatVector a020 = FloatVector.zero(F);
            FloatVector a030 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a110 = FloatVector.zero(F);
            FloatVector a120 = FloatVector.zero(F);
            FloatVector a130 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a210 = FloatVector.zero(F);
            FloatVector a220 = FloatVector.zero(F);
            FloatVector a230 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            FloatVector a310 = FloatVector.zero(F);
            FloatVector a320 = FloatVector.zero(F);
            FloatVector a330 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector w0 = FloatVector.fromMemorySegment(F, m, b0 + 4L * c, LE);
                FloatVector w1 = FloatVector.fromMemorySegment(F, m, b1 + 4L * c, LE);
                FloatVector w2 = FloatVector.fromMemorySegment(F, m, b2 + 4L * c, LE);
                FloatVector w3 = FloatVector.fromMemorySegment(F, m, b3 + 4L * c, LE);
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x10 = FloatVector.fromArray(F, xp, x1 + c);
                FloatVector x20 = FloatVector.fromArray(F, xp, x2 + c);
                FloatVector x30 = FloatVector.fromArray(F, xp, x3 + c);
                a000 = w0.fma(x00, a000);
                a010 = w0.fma(x10, a010);
                a020 = w0.fma(x20, a020);
                a030 = w0.fma(x30, a030);
                a100 = w1.fma(x00, a100);
                a110 = w1.fma(x10, a110);
                a120 = w1.fma(x20, a120);
                a130 = w1.fma(x30, a130);
                a200 = w2.fma(x00, a200);
                a210 = w2.fma(x10, a210);
                a220 = w2.fma(x20, a220);
                a230 = w2.fma(x30, a230);
                a300 = w3.fma(x00, a300);
                a310 = w3.fma(x10, a310);
                a320 = w3.fma(x20, a320);
                a330 = w3.fma(x30, a330);
            }
            FloatVector lanes1 = a000;
            lanes1 = lanes1.add(lanes1.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes1 = lanes1.add(lanes1.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes1 = lanes1.add(lanes1.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes1 = lanes1.add(lanes1.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes1.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes2 = a010;
            lanes2 = lanes2.add(lanes2.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes2 = lanes2.add(lanes2.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes2 = lanes2.add(lanes2.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes2 = lanes2.add(lanes2.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = lanes2.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector lanes3 = a020;
            lanes3 = lanes3.add(lanes3.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes3 = lanes3.add(lanes3.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes3 = lanes3.add(lanes3.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes3 = lanes3.add(lanes3.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = lanes3.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector lanes4 = a030;
            lanes4 = lanes4.add(lanes4.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes4 = lanes4.add(lanes4.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes4 = lanes4.add(lanes4.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes4 = lanes4.add(lanes4.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = lanes4.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector lanes5 = a100;
            lanes5 = lanes5.add(lanes5.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes5 = lanes5.add(lanes5.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes5 = lanes5.add(lanes5.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes5 = lanes5.add(lanes5.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes5.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes6 = a110;
            lanes6 = lanes6.add(lanes6.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes6 = lanes6.add(lanes6.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes6 = lanes6.add(lanes6.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes6 = lanes6.add(lanes6.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = lanes6.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector lanes7 = a120;
            lanes7 = lanes7.add(lanes7.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes7 = lanes7.add(lanes7.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes7 = lanes7.add(lanes7.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes7 = lanes7.add(lanes7.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = lanes7.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector lanes8 = a130;
            lanes8 = lanes8.add(lanes8.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes8 = lanes8.add(lanes8.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes8 = lanes8.add(lanes8.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes8 = lanes8.add(lanes8.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = lanes8.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector lanes9 = a200;
            lanes9 = lanes9.add(lanes9.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes9 = lanes9.add(lanes9.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes9 = lanes9.add(lanes9.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes9 = lanes9.add(lanes9.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes9.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes10 = a210;
            lanes10 = lanes10.add(lanes10.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes10 = lanes10.add(lanes10.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes10 = lanes10.add(lanes10.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes10 = lanes10.add(lanes10.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = lanes10.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector lanes11 = a220;
            lanes11 = lanes11.add(lanes11.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes11 = lanes11.add(lanes11.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes11 = lanes11.add(lanes11.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes11 = lanes11.add(lanes11.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = lanes11.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector lanes12 = a230;
            lanes12 = lanes12.add(lanes12.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes12 = lanes12.add(lanes12.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes12 = lanes12.add(lanes12.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes12 = lanes12.add(lanes12.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = lanes12.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector lanes13 = a300;
            lanes13 = lanes13.add(lanes13.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes13 = lanes13.add(lanes13.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes13 = lanes13.add(lanes13.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes13 = lanes13.add(lanes13.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes13.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector lanes14 = a310;
            lanes14 = lanes14.add(lanes14.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes14 = lanes14.add(lanes14.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes14 = lanes14.add(lanes14.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes14 = lanes14.add(lanes14.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = lanes14.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector lanes15 = a320;
            lanes15 = lanes15.add(lanes15.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes15 = lanes15.add(lanes15.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes15 = lanes15.add(lanes15.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes15 = lanes15.add(lanes15.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = lanes15.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector lanes16 = a330;
            lanes16 = lanes16.add(lanes16.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes16 = lanes16.add(lanes16.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes16 = lanes16.add(lanes16.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes16 = lanes16.add(lanes16.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = lanes16.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
        }

        @Override
        public void tile4x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 4L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector w0 = FloatVector.fromMemorySegment(F, m, b0 + 4L * c, LE);
                a000 = w0.fma(x00, a000);
                FloatVector w1 = FloatVector.fromMemorySegment(F, m, b1 + 4L * c, LE);
                a100 = w1.fma(x00, a100);
                FloatVector w2 = FloatVector.fromMemorySegment(F, m, b2 + 4L * c, LE);
                a200 = w2.fma(x00, a200);
                FloatVector w3 = FloatVector.fromMemorySegment(F, m, b3 + 4L * c, LE);
                a300 = w3.fma(x00, a300);
            }
            FloatVector lanes17 = a000;
            lanes17 = lanes17.add(lanes17.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes17 = lanes17.add(lanes17.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes17 = lanes17.add(lanes17.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes17 = lanes17.add(lanes17.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes17.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes18 = a100;
            lanes18 = lanes18.add(lanes18.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes18 = lanes18.add(lanes18.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes18 = lanes18.add(lanes18.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes18 = lanes18.add(lanes18.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes18.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes19 = a200;
            lanes19 = lanes19.add(lanes19.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes19 = lanes19.add(lanes19.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes19 = lanes19.add(lanes19.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes19 = lanes19.add(lanes19.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes19.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes20 = a300;
            lanes20 = lanes20.add(lanes20.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes20 = lanes20.add(lanes20.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes20 = lanes20.add(lanes20.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes20 = lanes20.add(lanes20.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes20.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
        }

        @Override
        public void tile1x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 4L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector w0 = FloatVector.fromMemorySegment(F, m, b0 + 4L * c, LE);
                a000 = w0.fma(x00, a000);
            }
            FloatVector lanes21 = a000;
            lanes21 = lanes21.add(lanes21.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes21 = lanes21.add(lanes21.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes21 = lanes21.add(lanes21.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes21 = lanes21.add(lanes21.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes21.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
        }

        /** The columns after the last full chunk, in scalar code. */
        private static float tail(WeightTensor w, int row, int from, int to, float[] xp, int xo) {
            float sum = 0;
            for (int c = from; c < to; c++) {
                sum += w.valueAt(row, c) * xp[xo + c];
            }
            return sum;
        }
    }

    /** BF16 weights: 2 weights per 32-bit lane. */
    static final class Bf16 implements RowKernels {
        private static final int CHUNK = 2 * L;

        @Override
        public int chunk() {
            return CHUNK;
        }

        @Override
        public boolean pack(float[] x, int xo, int in, float[] dst, int dOff) {
            int full = in - in % CHUNK;
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector a = FloatVector.fromArray(F, x, xo + c);
                FloatVector b = FloatVector.fromArray(F, x, xo + c + L);
                a.rearrange(EVEN_LANES, b).intoArray(dst, dOff + c);
                a.rearrange(ODD_LANES, b).intoArray(dst, dOff + c + L);
            }
            System.arraycopy(x, xo + full, dst, dOff + full, in - full);
            return true;
        }

        @Override
        public void tile4x4(WeightTensor w, int r0, float[] xp, int x0, int x1, int x2, int x3, float[] out, int y0, int y1, int y2, int y3) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 2L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a010 = FloatVector.zero(F);
            FloatVector a020 = FloatVector.zero(F);
            FloatVector a030 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a110 = FloatVector.zero(F);
            FloatVector a120 = FloatVector.zero(F);
            FloatVector a130 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a210 = FloatVector.zero(F);
            FloatVector a220 = FloatVector.zero(F);
            FloatVector a230 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            FloatVector a310 = FloatVector.zero(F);
            FloatVector a320 = FloatVector.zero(F);
            FloatVector a330 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + 2L * c, LE);
                IntVector v1 = IntVector.fromMemorySegment(I, m, b1 + 2L * c, LE);
                IntVector v2 = IntVector.fromMemorySegment(I, m, b2 + 2L * c, LE);
                IntVector v3 = IntVector.fromMemorySegment(I, m, b3 + 2L * c, LE);
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x10 = FloatVector.fromArray(F, xp, x1 + c);
                FloatVector x20 = FloatVector.fromArray(F, xp, x2 + c);
                FloatVector x30 = FloatVector.fromArray(F, xp, x3 + c);
                FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a000 = w0a.fma(x00, a000);
                a010 = w0a.fma(x10, a010);
                a020 = w0a.fma(x20, a020);
                a030 = w0a.fma(x30, a030);
                FloatVector w1a = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a100 = w1a.fma(x00, a100);
                a110 = w1a.fma(x10, a110);
                a120 = w1a.fma(x20, a120);
                a130 = w1a.fma(x30, a130);
                FloatVector w2a = v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a200 = w2a.fma(x00, a200);
                a210 = w2a.fma(x10, a210);
                a220 = w2a.fma(x20, a220);
                a230 = w2a.fma(x30, a230);
                FloatVector w3a = v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a300 = w3a.fma(x00, a300);
                a310 = w3a.fma(x10, a310);
                a320 = w3a.fma(x20, a320);
                a330 = w3a.fma(x30, a330);
                FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                FloatVector x11 = FloatVector.fromArray(F, xp, x1 + c + 1 * L);
                FloatVector x21 = FloatVector.fromArray(F, xp, x2 + c + 1 * L);
                FloatVector x31 = FloatVector.fromArray(F, xp, x3 + c + 1 * L);
                FloatVector w0b = v0.and(HIGH_HALF).reinterpretAsFloats();
                a000 = w0b.fma(x01, a000);
                a010 = w0b.fma(x11, a010);
                a020 = w0b.fma(x21, a020);
                a030 = w0b.fma(x31, a030);
                FloatVector w1b = v1.and(HIGH_HALF).reinterpretAsFloats();
                a100 = w1b.fma(x01, a100);
                a110 = w1b.fma(x11, a110);
                a120 = w1b.fma(x21, a120);
                a130 = w1b.fma(x31, a130);
                FloatVector w2b = v2.and(HIGH_HALF).reinterpretAsFloats();
                a200 = w2b.fma(x01, a200);
                a210 = w2b.fma(x11, a210);
                a220 = w2b.fma(x21, a220);
                a230 = w2b.fma(x31, a230);
                FloatVector w3b = v3.and(HIGH_HALF).reinterpretAsFloats();
                a300 = w3b.fma(x01, a300);
                a310 = w3b.fma(x11, a310);
                a320 = w3b.fma(x21, a320);
                a330 = w3b.fma(x31, a330);
            }
            FloatVector lanes22 = a000;
            lanes22 = lanes22.add(lanes22.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes22 = lanes22.add(lanes22.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes22 = lanes22.add(lanes22.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes22 = lanes22.add(lanes22.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes22.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes23 = a010;
            lanes23 = lanes23.add(lanes23.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes23 = lanes23.add(lanes23.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes23 = lanes23.add(lanes23.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes23 = lanes23.add(lanes23.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = lanes23.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector lanes24 = a020;
            lanes24 = lanes24.add(lanes24.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes24 = lanes24.add(lanes24.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes24 = lanes24.add(lanes24.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes24 = lanes24.add(lanes24.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = lanes24.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector lanes25 = a030;
            lanes25 = lanes25.add(lanes25.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes25 = lanes25.add(lanes25.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes25 = lanes25.add(lanes25.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes25 = lanes25.add(lanes25.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = lanes25.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector lanes26 = a100;
            lanes26 = lanes26.add(lanes26.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes26 = lanes26.add(lanes26.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes26 = lanes26.add(lanes26.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes26 = lanes26.add(lanes26.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes26.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes27 = a110;
            lanes27 = lanes27.add(lanes27.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes27 = lanes27.add(lanes27.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes27 = lanes27.add(lanes27.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes27 = lanes27.add(lanes27.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = lanes27.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector lanes28 = a120;
            lanes28 = lanes28.add(lanes28.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes28 = lanes28.add(lanes28.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes28 = lanes28.add(lanes28.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes28 = lanes28.add(lanes28.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = lanes28.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector lanes29 = a130;
            lanes29 = lanes29.add(lanes29.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes29 = lanes29.add(lanes29.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes29 = lanes29.add(lanes29.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes29 = lanes29.add(lanes29.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = lanes29.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector lanes30 = a200;
            lanes30 = lanes30.add(lanes30.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes30 = lanes30.add(lanes30.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes30 = lanes30.add(lanes30.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes30 = lanes30.add(lanes30.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes30.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes31 = a210;
            lanes31 = lanes31.add(lanes31.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes31 = lanes31.add(lanes31.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes31 = lanes31.add(lanes31.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes31 = lanes31.add(lanes31.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = lanes31.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector lanes32 = a220;
            lanes32 = lanes32.add(lanes32.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes32 = lanes32.add(lanes32.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes32 = lanes32.add(lanes32.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes32 = lanes32.add(lanes32.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = lanes32.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector lanes33 = a230;
            lanes33 = lanes33.add(lanes33.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes33 = lanes33.add(lanes33.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes33 = lanes33.add(lanes33.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes33 = lanes33.add(lanes33.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = lanes33.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector lanes34 = a300;
            lanes34 = lanes34.add(lanes34.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes34 = lanes34.add(lanes34.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes34 = lanes34.add(lanes34.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes34 = lanes34.add(lanes34.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes34.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector lanes35 = a310;
            lanes35 = lanes35.add(lanes35.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes35 = lanes35.add(lanes35.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes35 = lanes35.add(lanes35.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes35 = lanes35.add(lanes35.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = lanes35.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector lanes36 = a320;
            lanes36 = lanes36.add(lanes36.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes36 = lanes36.add(lanes36.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes36 = lanes36.add(lanes36.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes36 = lanes36.add(lanes36.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = lanes36.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector lanes37 = a330;
            lanes37 = lanes37.add(lanes37.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes37 = lanes37.add(lanes37.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes37 = lanes37.add(lanes37.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes37 = lanes37.add(lanes37.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = lanes37.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
        }

        @Override
        public void tile4x2(WeightTensor w, int r0, float[] xp, int x0, int x1, float[] out, int y0, int y1) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 2L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a00 = FloatVector.zero(F);
            FloatVector a01 = FloatVector.zero(F);
            FloatVector a10 = FloatVector.zero(F);
            FloatVector a11 = FloatVector.zero(F);
            FloatVector a20 = FloatVector.zero(F);
            FloatVector a21 = FloatVector.zero(F);
            FloatVector a30 = FloatVector.zero(F);
            FloatVector a31 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x10 = FloatVector.fromArray(F, xp, x1 + c);
                FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + L);
                FloatVector x11 = FloatVector.fromArray(F, xp, x1 + c + L);
                IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + 2L * c, LE);
                FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a00 = w0a.fma(x00, a00);
                a01 = w0a.fma(x10, a01);
                FloatVector w0b = v0.and(HIGH_HALF).reinterpretAsFloats();
                a00 = w0b.fma(x01, a00);
                a01 = w0b.fma(x11, a01);
                IntVector v1 = IntVector.fromMemorySegment(I, m, b1 + 2L * c, LE);
                FloatVector w1a = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a10 = w1a.fma(x00, a10);
                a11 = w1a.fma(x10, a11);
                FloatVector w1b = v1.and(HIGH_HALF).reinterpretAsFloats();
                a10 = w1b.fma(x01, a10);
                a11 = w1b.fma(x11, a11);
                IntVector v2 = IntVector.fromMemorySegment(I, m, b2 + 2L * c, LE);
                FloatVector w2a = v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a20 = w2a.fma(x00, a20);
                a21 = w2a.fma(x10, a21);
                FloatVector w2b = v2.and(HIGH_HALF).reinterpretAsFloats();
                a20 = w2b.fma(x01, a20);
                a21 = w2b.fma(x11, a21);
                IntVector v3 = IntVector.fromMemorySegment(I, m, b3 + 2L * c, LE);
                FloatVector w3a = v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                a30 = w3a.fma(x00, a30);
                a31 = w3a.fma(x10, a31);
                FloatVector w3b = v3.and(HIGH_HALF).reinterpretAsFloats();
                a30 = w3b.fma(x01, a30);
                a31 = w3b.fma(x11, a31);
            }
            FloatVector lanes38 = a00;
            lanes38 = lanes38.add(lanes38.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes38 = lanes38.add(lanes38.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes38 = lanes38.add(lanes38.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes38 = lanes38.add(lanes38.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes38.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes39 = a01;
            lanes39 = lanes39.add(lanes39.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes39 = lanes39.add(lanes39.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes39 = lanes39.add(lanes39.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes39 = lanes39.add(lanes39.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = lanes39.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector lanes40 = a10;
            lanes40 = lanes40.add(lanes40.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes40 = lanes40.add(lanes40.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes40 = lanes40.add(lanes40.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes40 = lanes40.add(lanes40.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes40.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes41 = a11;
            lanes41 = lanes41.add(lanes41.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes41 = lanes41.add(lanes41.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes41 = lanes41.add(lanes41.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes41 = lanes41.add(lanes41.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = lanes41.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector lanes42 = a20;
            lanes42 = lanes42.add(lanes42.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes42 = lanes42.add(lanes42.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes42 = lanes42.add(lanes42.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes42 = lanes42.add(lanes42.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes42.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes43 = a21;
            lanes43 = lanes43.add(lanes43.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes43 = lanes43.add(lanes43.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes43 = lanes43.add(lanes43.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes43 = lanes43.add(lanes43.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = lanes43.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector lanes44 = a30;
            lanes44 = lanes44.add(lanes44.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes44 = lanes44.add(lanes44.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes44 = lanes44.add(lanes44.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes44 = lanes44.add(lanes44.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes44.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector lanes45 = a31;
            lanes45 = lanes45.add(lanes45.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes45 = lanes45.add(lanes45.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes45 = lanes45.add(lanes45.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes45 = lanes45.add(lanes45.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = lanes45.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
        }

        @Override
        public void tile4x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 2L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a001 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a101 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a201 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            FloatVector a301 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + 2L * c, LE);
                FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w0b = v0.and(HIGH_HALF).reinterpretAsFloats();
                a000 = w0a.fma(x00, a000);
                a001 = w0b.fma(x01, a001);
                IntVector v1 = IntVector.fromMemorySegment(I, m, b1 + 2L * c, LE);
                FloatVector w1a = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w1b = v1.and(HIGH_HALF).reinterpretAsFloats();
                a100 = w1a.fma(x00, a100);
                a101 = w1b.fma(x01, a101);
                IntVector v2 = IntVector.fromMemorySegment(I, m, b2 + 2L * c, LE);
                FloatVector w2a = v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w2b = v2.and(HIGH_HALF).reinterpretAsFloats();
                a200 = w2a.fma(x00, a200);
                a201 = w2b.fma(x01, a201);
                IntVector v3 = IntVector.fromMemorySegment(I, m, b3 + 2L * c, LE);
                FloatVector w3a = v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w3b = v3.and(HIGH_HALF).reinterpretAsFloats();
                a300 = w3a.fma(x00, a300);
                a301 = w3b.fma(x01, a301);
            }
            FloatVector lanes46 = a000.add(a001);
            lanes46 = lanes46.add(lanes46.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes46 = lanes46.add(lanes46.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes46 = lanes46.add(lanes46.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes46 = lanes46.add(lanes46.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes46.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes47 = a100.add(a101);
            lanes47 = lanes47.add(lanes47.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes47 = lanes47.add(lanes47.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes47 = lanes47.add(lanes47.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes47 = lanes47.add(lanes47.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes47.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes48 = a200.add(a201);
            lanes48 = lanes48.add(lanes48.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes48 = lanes48.add(lanes48.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes48 = lanes48.add(lanes48.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes48 = lanes48.add(lanes48.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes48.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes49 = a300.add(a301);
            lanes49 = lanes49.add(lanes49.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes49 = lanes49.add(lanes49.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes49 = lanes49.add(lanes49.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes49 = lanes49.add(lanes49.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes49.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
        }

        /** Eight rows, one token: the same sums as two {@link #tile4x1} calls, with twice the rows in flight. */
        @Override
        public void tile8x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 2L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            long b4 = (long) (r0 + 4) * rowBytes;
            long b5 = (long) (r0 + 5) * rowBytes;
            long b6 = (long) (r0 + 6) * rowBytes;
            long b7 = (long) (r0 + 7) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a001 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a101 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a201 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            FloatVector a301 = FloatVector.zero(F);
            FloatVector a400 = FloatVector.zero(F);
            FloatVector a401 = FloatVector.zero(F);
            FloatVector a500 = FloatVector.zero(F);
            FloatVector a501 = FloatVector.zero(F);
            FloatVector a600 = FloatVector.zero(F);
            FloatVector a601 = FloatVector.zero(F);
            FloatVector a700 = FloatVector.zero(F);
            FloatVector a701 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + 2L * c, LE);
                FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w0b = v0.and(HIGH_HALF).reinterpretAsFloats();
                a000 = w0a.fma(x00, a000);
                a001 = w0b.fma(x01, a001);
                IntVector v1 = IntVector.fromMemorySegment(I, m, b1 + 2L * c, LE);
                FloatVector w1a = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w1b = v1.and(HIGH_HALF).reinterpretAsFloats();
                a100 = w1a.fma(x00, a100);
                a101 = w1b.fma(x01, a101);
                IntVector v2 = IntVector.fromMemorySegment(I, m, b2 + 2L * c, LE);
                FloatVector w2a = v2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w2b = v2.and(HIGH_HALF).reinterpretAsFloats();
                a200 = w2a.fma(x00, a200);
                a201 = w2b.fma(x01, a201);
                IntVector v3 = IntVector.fromMemorySegment(I, m, b3 + 2L * c, LE);
                FloatVector w3a = v3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w3b = v3.and(HIGH_HALF).reinterpretAsFloats();
                a300 = w3a.fma(x00, a300);
                a301 = w3b.fma(x01, a301);
                IntVector v4 = IntVector.fromMemorySegment(I, m, b4 + 2L * c, LE);
                FloatVector w4a = v4.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w4b = v4.and(HIGH_HALF).reinterpretAsFloats();
                a400 = w4a.fma(x00, a400);
                a401 = w4b.fma(x01, a401);
                IntVector v5 = IntVector.fromMemorySegment(I, m, b5 + 2L * c, LE);
                FloatVector w5a = v5.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w5b = v5.and(HIGH_HALF).reinterpretAsFloats();
                a500 = w5a.fma(x00, a500);
                a501 = w5b.fma(x01, a501);
                IntVector v6 = IntVector.fromMemorySegment(I, m, b6 + 2L * c, LE);
                FloatVector w6a = v6.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w6b = v6.and(HIGH_HALF).reinterpretAsFloats();
                a600 = w6a.fma(x00, a600);
                a601 = w6b.fma(x01, a601);
                IntVector v7 = IntVector.fromMemorySegment(I, m, b7 + 2L * c, LE);
                FloatVector w7a = v7.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w7b = v7.and(HIGH_HALF).reinterpretAsFloats();
                a700 = w7a.fma(x00, a700);
                a701 = w7b.fma(x01, a701);
            }
            FloatVector lanes76 = a000.add(a001);
            lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes76 = lanes76.add(lanes76.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes76.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes77 = a100.add(a101);
            lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes77 = lanes77.add(lanes77.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes77.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes78 = a200.add(a201);
            lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes78 = lanes78.add(lanes78.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes78.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes79 = a300.add(a301);
            lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes79 = lanes79.add(lanes79.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes79.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector lanes80 = a400.add(a401);
            lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes80 = lanes80.add(lanes80.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 4] = lanes80.lane(0) + (full < in ? tail(w, r0 + 4, full, in, xp, x0) : 0f);
            FloatVector lanes81 = a500.add(a501);
            lanes81 = lanes81.add(lanes81.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes81 = lanes81.add(lanes81.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes81 = lanes81.add(lanes81.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes81 = lanes81.add(lanes81.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 5] = lanes81.lane(0) + (full < in ? tail(w, r0 + 5, full, in, xp, x0) : 0f);
            FloatVector lanes82 = a600.add(a601);
            lanes82 = lanes82.add(lanes82.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes82 = lanes82.add(lanes82.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes82 = lanes82.add(lanes82.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes82 = lanes82.add(lanes82.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 6] = lanes82.lane(0) + (full < in ? tail(w, r0 + 6, full, in, xp, x0) : 0f);
            FloatVector lanes83 = a700.add(a701);
            lanes83 = lanes83.add(lanes83.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes83 = lanes83.add(lanes83.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes83 = lanes83.add(lanes83.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes83 = lanes83.add(lanes83.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 7] = lanes83.lane(0) + (full < in ? tail(w, r0 + 7, full, in, xp, x0) : 0f);
        }

        @Override
        public void tile1x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 2L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a001 = FloatVector.zero(F);
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + 2L * c, LE);
                FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
                FloatVector w0b = v0.and(HIGH_HALF).reinterpretAsFloats();
                a000 = w0a.fma(x00, a000);
                a001 = w0b.fma(x01, a001);
            }
            FloatVector lanes50 = a000.add(a001);
            lanes50 = lanes50.add(lanes50.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes50 = lanes50.add(lanes50.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes50 = lanes50.add(lanes50.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes50 = lanes50.add(lanes50.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes50.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
        }

        /** The columns after the last full chunk, in scalar code. */
        private static float tail(WeightTensor w, int row, int from, int to, float[] xp, int xo) {
            float sum = 0;
            for (int c = from; c < to; c++) {
                sum += w.valueAt(row, c) * xp[xo + c];
            }
            return sum;
        }
    }

    /** FP8 weights: 4 weights per 32-bit lane. */
    static final class Fp8 implements RowKernels {
        private static final int CHUNK = 4 * L;
        /** Packed x is scaled by 2^60 (exactly) and the block scales by 2^60 (see the class comment). */
        private static final float X_SCALE = 0x1p60f;
        private static final float X_UNSCALE = 0x1p-60f;
        /** Inputs from here up would overflow once scaled; such a call takes the decoded-row path. */
        private static final float X_LIMIT = 0x1p67f;

        @Override
        public int chunk() {
            return CHUNK;
        }

        @Override
        public boolean pack(float[] x, int xo, int in, float[] dst, int dOff) {
            // every other lane, twice: four float vectors in the order of the four bytes of a lane, then scaled
            int full = in - in % CHUNK;
            boolean fits = true;
            for (int c = 0; c < full; c += CHUNK) {
                FloatVector a = FloatVector.fromArray(F, x, xo + c);
                FloatVector b = FloatVector.fromArray(F, x, xo + c + L);
                FloatVector d = FloatVector.fromArray(F, x, xo + c + 2 * L);
                FloatVector e = FloatVector.fromArray(F, x, xo + c + 3 * L);
                FloatVector even0 = a.rearrange(EVEN_LANES, b);
                FloatVector odd0 = a.rearrange(ODD_LANES, b);
                FloatVector even1 = d.rearrange(EVEN_LANES, e);
                FloatVector odd1 = d.rearrange(ODD_LANES, e);
                FloatVector k0 = even0.rearrange(EVEN_LANES, even1);
                FloatVector k1 = odd0.rearrange(EVEN_LANES, odd1);
                FloatVector k2 = even0.rearrange(ODD_LANES, even1);
                FloatVector k3 = odd0.rearrange(ODD_LANES, odd1);
                fits &= !k0.abs().compare(VectorOperators.GE, X_LIMIT).or(k1.abs().compare(VectorOperators.GE, X_LIMIT))
                        .or(k2.abs().compare(VectorOperators.GE, X_LIMIT)).or(k3.abs().compare(VectorOperators.GE, X_LIMIT))
                        .anyTrue();
                k0.mul(X_SCALE).intoArray(dst, dOff + c);
                k1.mul(X_SCALE).intoArray(dst, dOff + c + L);
                k2.mul(X_SCALE).intoArray(dst, dOff + c + 2 * L);
                k3.mul(X_SCALE).intoArray(dst, dOff + c + 3 * L);
            }
            for (int i = full; i < in; i++) {
                float v = x[xo + i];
                fits &= !(Math.abs(v) >= X_LIMIT);
                dst[dOff + i] = v * X_SCALE;
            }
            return fits;
        }

        @Override
        public void tile4x4(WeightTensor w, int r0, float[] xp, int x0, int x1, int x2, int x3, float[] out, int y0, int y1, int y2, int y3) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long rowBytes = 1L * in;
            long b0 = (long) (r0 + 0) * rowBytes;
            long b1 = (long) (r0 + 1) * rowBytes;
            long b2 = (long) (r0 + 2) * rowBytes;
            long b3 = (long) (r0 + 3) * rowBytes;
            int full = in - in % CHUNK;
            FloatVector a000 = FloatVector.zero(F);
            FloatVector a010 = FloatVector.zero(F);
            FloatVector a020 = FloatVector.zero(F);
            FloatVector a030 = FloatVector.zero(F);
            FloatVector a100 = FloatVector.zero(F);
            FloatVector a110 = FloatVector.zero(F);
            FloatVector a120 = FloatVector.zero(F);
            FloatVector a130 = FloatVector.zero(F);
            FloatVector a200 = FloatVector.zero(F);
            FloatVector a210 = FloatVector.zero(F);
            FloatVector a220 = FloatVector.zero(F);
            FloatVector a230 = FloatVector.zero(F);
            FloatVector a300 = FloatVector.zero(F);
            FloatVector a310 = FloatVector.zero(F);
            FloatVector a320 = FloatVector.zero(F);
            FloatVector a330 = FloatVector.zero(F);
            float[] sc = w.fp8KernelScales();
            int blockCols = w.fp8BlockCols();
            int sb0 = w.fp8ScaleRowBase(r0 + 0);
            int sb1 = w.fp8ScaleRowBase(r0 + 1);
            int sb2 = w.fp8ScaleRowBase(r0 + 2);
            int sb3 = w.fp8ScaleRowBase(r0 + 3);
            for (int c = 0, cb = 0; c < full; cb++) {
                int blockEnd = Math.min(full, c + blockCols);
                FloatVector s0 = FloatVector.broadcast(F, sc[sb0 + cb]);
                FloatVector s1 = FloatVector.broadcast(F, sc[sb1 + cb]);
                FloatVector s2 = FloatVector.broadcast(F, sc[sb2 + cb]);
                FloatVector s3 = FloatVector.broadcast(F, sc[sb3 + cb]);
                for (; c < blockEnd; c += CHUNK) {
                    IntVector v0 = IntVector.fromMemorySegment(I, m, b0 + c, LE);
                    IntVector v1 = IntVector.fromMemorySegment(I, m, b1 + c, LE);
                    IntVector v2 = IntVector.fromMemorySegment(I, m, b2 + c, LE);
                    IntVector v3 = IntVector.fromMemorySegment(I, m, b3 + c, LE);
                    // byte k of each lane, one at a time: with all four written out, C2 compiled the body 2.6x slower
                    // (nothing boxed; its code for the long body was worse)
                    for (int k = 0; k < 4; k++) {
                        int shift = 24 - 8 * k;
                        int col = c + k * L;
                        FloatVector t0 = FloatVector.fromArray(F, xp, x0 + col);
                        FloatVector t1 = FloatVector.fromArray(F, xp, x1 + col);
                        FloatVector t2 = FloatVector.fromArray(F, xp, x2 + col);
                        FloatVector t3 = FloatVector.fromArray(F, xp, x3 + col);
                        FloatVector w0k = v0.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s0);
                        a000 = w0k.fma(t0, a000);
                        a010 = w0k.fma(t1, a010);
                        a020 = w0k.fma(t2, a020);
                        a030 = w0k.fma(t3, a030);
                        FloatVector w1k = v1.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s1);
                        a100 = w1k.fma(t0, a100);
                        a110 = w1k.fma(t1, a110);
                        a120 = w1k.fma(t2, a120);
                        a130 = w1k.fma(t3, a130);
                        FloatVector w2k = v2.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s2);
                        a200 = w2k.fma(t0, a200);
                        a210 = w2k.fma(t1, a210);
                        a220 = w2k.fma(t2, a220);
                        a230 = w2k.fma(t3, a230);
                        FloatVector w3k = v3.lanewise(VectorOperators.LSHL, shift).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s3);
                        a300 = w3k.fma(t0, a300);
                        a310 = w3k.fma(t1, a310);
                        a320 = w3k.fma(t2, a320);
                        a330 = w3k.fma(t3, a330);
                    }
                }
            }
            FloatVector lanes51 = a000;
            lanes51 = lanes51.add(lanes51.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes51 = lanes51.add(lanes51.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes51 = lanes51.add(lanes51.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes51 = lanes51.add(lanes51.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes51.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes52 = a010;
            lanes52 = lanes52.add(lanes52.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes52 = lanes52.add(lanes52.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes52 = lanes52.add(lanes52.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes52 = lanes52.add(lanes52.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = lanes52.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector lanes53 = a020;
            lanes53 = lanes53.add(lanes53.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes53 = lanes53.add(lanes53.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes53 = lanes53.add(lanes53.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes53 = lanes53.add(lanes53.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = lanes53.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector lanes54 = a030;
            lanes54 = lanes54.add(lanes54.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes54 = lanes54.add(lanes54.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes54 = lanes54.add(lanes54.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes54 = lanes54.add(lanes54.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = lanes54.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector lanes55 = a100;
            lanes55 = lanes55.add(lanes55.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes55 = lanes55.add(lanes55.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes55 = lanes55.add(lanes55.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes55 = lanes55.add(lanes55.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes55.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes56 = a110;
            lanes56 = lanes56.add(lanes56.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes56 = lanes56.add(lanes56.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes56 = lanes56.add(lanes56.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes56 = lanes56.add(lanes56.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = lanes56.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector lanes57 = a120;
            lanes57 = lanes57.add(lanes57.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes57 = lanes57.add(lanes57.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes57 = lanes57.add(lanes57.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes57 = lanes57.add(lanes57.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = lanes57.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector lanes58 = a130;
            lanes58 = lanes58.add(lanes58.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes58 = lanes58.add(lanes58.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes58 = lanes58.add(lanes58.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes58 = lanes58.add(lanes58.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = lanes58.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector lanes59 = a200;
            lanes59 = lanes59.add(lanes59.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes59 = lanes59.add(lanes59.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes59 = lanes59.add(lanes59.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes59 = lanes59.add(lanes59.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes59.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes60 = a210;
            lanes60 = lanes60.add(lanes60.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes60 = lanes60.add(lanes60.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes60 = lanes60.add(lanes60.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes60 = lanes60.add(lanes60.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = lanes60.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector lanes61 = a220;
            lanes61 = lanes61.add(lanes61.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes61 = lanes61.add(lanes61.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes61 = lanes61.add(lanes61.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes61 = lanes61.add(lanes61.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = lanes61.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector lanes62 = a230;
            lanes62 = lanes62.add(lanes62.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes62 = lanes62.add(lanes62.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes62 = lanes62.add(lanes62.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes62 = lanes62.add(lanes62.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = lanes62.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector lanes63 = a300;
            lanes63 = lanes63.add(lanes63.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes63 = lanes63.add(lanes63.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes63 = lanes63.add(lanes63.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes63 = lanes63.add(lanes63.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes63.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector lanes64 = a310;
            lanes64 = lanes64.add(lanes64.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes64 = lanes64.add(lanes64.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes64 = lanes64.add(lanes64.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes64 = lanes64.add(lanes64.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = lanes64.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector lanes65 = a320;
            lanes65 = lanes65.add(lanes65.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes65 = lanes65.add(lanes65.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes65 = lanes65.add(lanes65.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes65 = lanes65.add(lanes65.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = lanes65.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector lanes66 = a330;
            lanes66 = lanes66.add(lanes66.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes66 = lanes66.add(lanes66.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes66 = lanes66.add(lanes66.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes66 = lanes66.add(lanes66.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = lanes66.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
        }

        @Override
        public void tile4x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            int in = w.cols();
            MemorySegment m = w.segment();
            long b0 = (long) (r0 + 0) * in;
            long b1 = (long) (r0 + 1) * in;
            long b2 = (long) (r0 + 2) * in;
            long b3 = (long) (r0 + 3) * in;
            int full = in - in % CHUNK;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            float[] sc = w.fp8KernelScales();
            int blockCols = w.fp8BlockCols();
            int sb0 = w.fp8ScaleRowBase(r0 + 0);
            int sb1 = w.fp8ScaleRowBase(r0 + 1);
            int sb2 = w.fp8ScaleRowBase(r0 + 2);
            int sb3 = w.fp8ScaleRowBase(r0 + 3);
            for (int c = 0, cb = 0; c < full; cb++) {
                int blockEnd = Math.min(full, c + blockCols);
                FloatVector p00 = FloatVector.zero(F);
                FloatVector p01 = FloatVector.zero(F);
                FloatVector p10 = FloatVector.zero(F);
                FloatVector p11 = FloatVector.zero(F);
                FloatVector p20 = FloatVector.zero(F);
                FloatVector p21 = FloatVector.zero(F);
                FloatVector p30 = FloatVector.zero(F);
                FloatVector p31 = FloatVector.zero(F);
                for (; c < blockEnd; c += CHUNK) {
                    FloatVector xv0 = FloatVector.fromArray(F, xp, x0 + c + 0 * L);
                    FloatVector xv1 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                    FloatVector xv2 = FloatVector.fromArray(F, xp, x0 + c + 2 * L);
                    FloatVector xv3 = FloatVector.fromArray(F, xp, x0 + c + 3 * L);
                    ShortVector s0 = IntVector.fromMemorySegment(I, m, b0 + c, LE).reinterpretAsShorts();
                    IntVector h0 = s0.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    IntVector l0 = s0.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    p00 = l0.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0, p00);
                    p01 = h0.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1, p01);
                    p00 = l0.and(E4M3_BITS).reinterpretAsFloats().fma(xv2, p00);
                    p01 = h0.and(E4M3_BITS).reinterpretAsFloats().fma(xv3, p01);
                    ShortVector s1 = IntVector.fromMemorySegment(I, m, b1 + c, LE).reinterpretAsShorts();
                    IntVector h1 = s1.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    IntVector l1 = s1.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    p10 = l1.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0, p10);
                    p11 = h1.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1, p11);
                    p10 = l1.and(E4M3_BITS).reinterpretAsFloats().fma(xv2, p10);
                    p11 = h1.and(E4M3_BITS).reinterpretAsFloats().fma(xv3, p11);
                    ShortVector s2 = IntVector.fromMemorySegment(I, m, b2 + c, LE).reinterpretAsShorts();
                    IntVector h2 = s2.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    IntVector l2 = s2.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    p20 = l2.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0, p20);
                    p21 = h2.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1, p21);
                    p20 = l2.and(E4M3_BITS).reinterpretAsFloats().fma(xv2, p20);
                    p21 = h2.and(E4M3_BITS).reinterpretAsFloats().fma(xv3, p21);
                    ShortVector s3 = IntVector.fromMemorySegment(I, m, b3 + c, LE).reinterpretAsShorts();
                    IntVector h3 = s3.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    IntVector l3 = s3.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    p30 = l3.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0, p30);
                    p31 = h3.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1, p31);
                    p30 = l3.and(E4M3_BITS).reinterpretAsFloats().fma(xv2, p30);
                    p31 = h3.and(E4M3_BITS).reinterpretAsFloats().fma(xv3, p31);
                }
                a0 = p00.add(p01).fma(FloatVector.broadcast(F, sc[sb0 + cb]), a0);
                a1 = p10.add(p11).fma(FloatVector.broadcast(F, sc[sb1 + cb]), a1);
                a2 = p20.add(p21).fma(FloatVector.broadcast(F, sc[sb2 + cb]), a2);
                a3 = p30.add(p31).fma(FloatVector.broadcast(F, sc[sb3 + cb]), a3);
            }
            FloatVector lanes67 = a0;
            lanes67 = lanes67.add(lanes67.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes67 = lanes67.add(lanes67.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes67 = lanes67.add(lanes67.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes67 = lanes67.add(lanes67.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes67.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector lanes68 = a1;
            lanes68 = lanes68.add(lanes68.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes68 = lanes68.add(lanes68.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes68 = lanes68.add(lanes68.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes68 = lanes68.add(lanes68.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = lanes68.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector lanes69 = a2;
            lanes69 = lanes69.add(lanes69.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes69 = lanes69.add(lanes69.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes69 = lanes69.add(lanes69.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes69 = lanes69.add(lanes69.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = lanes69.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector lanes70 = a3;
            lanes70 = lanes70.add(lanes70.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes70 = lanes70.add(lanes70.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes70 = lanes70.add(lanes70.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes70 = lanes70.add(lanes70.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = lanes70.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
        }

        @Override
        public void tile1x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
            long b0 = (long) (r0 + 0) * in;
            int full = in - in % CHUNK;
            FloatVector a0 = FloatVector.zero(F);
            float[] sc = w.fp8KernelScales();
            int blockCols = w.fp8BlockCols();
            int sb0 = w.fp8ScaleRowBase(r0 + 0);
            for (int c = 0, cb = 0; c < full; cb++) {
                int blockEnd = Math.min(full, c + blockCols);
                FloatVector p00 = FloatVector.zero(F);
                FloatVector p01 = FloatVector.zero(F);
                for (; c < blockEnd; c += CHUNK) {
                    FloatVector xv0 = FloatVector.fromArray(F, xp, x0 + c + 0 * L);
                    FloatVector xv1 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                    FloatVector xv2 = FloatVector.fromArray(F, xp, x0 + c + 2 * L);
                    FloatVector xv3 = FloatVector.fromArray(F, xp, x0 + c + 3 * L);
                    ShortVector s0 = IntVector.fromMemorySegment(I, m, b0 + c, LE).reinterpretAsShorts();
                    IntVector h0 = s0.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    IntVector l0 = s0.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                    p00 = l0.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0, p00);
                    p01 = h0.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1, p01);
                    p00 = l0.and(E4M3_BITS).reinterpretAsFloats().fma(xv2, p00);
                    p01 = h0.and(E4M3_BITS).reinterpretAsFloats().fma(xv3, p01);
                }
                a0 = p00.add(p01).fma(FloatVector.broadcast(F, sc[sb0 + cb]), a0);
            }
            FloatVector lanes75 = a0;
            lanes75 = lanes75.add(lanes75.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            lanes75 = lanes75.add(lanes75.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            lanes75 = lanes75.add(lanes75.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            lanes75 = lanes75.add(lanes75.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = lanes75.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
        }

        /** The columns after the last full chunk, in scalar code (x comes pre-scaled by {@link #X_SCALE}). */
        private static float tail(WeightTensor w, int row, int from, int to, float[] xp, int xo) {
            float sum = 0;
            for (int c = from; c < to; c++) {
                sum += w.valueAt(row, c) * xp[xo + c];
            }
            return sum * X_UNSCALE;
        }
    }
}
