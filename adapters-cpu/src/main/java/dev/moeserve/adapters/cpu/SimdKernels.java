package dev.moeserve.adapters.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
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
 * vector helper into a large method, and a call boxes the vectors.
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
            RowKernels.interleave(x, xo, in, dst, dOff, L, 1);
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
            FloatVector f1 = a000;
            f1 = f1.add(f1.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f1 = f1.add(f1.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f1 = f1.add(f1.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f1 = f1.add(f1.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f1.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f2 = a010;
            f2 = f2.add(f2.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f2 = f2.add(f2.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f2 = f2.add(f2.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f2 = f2.add(f2.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = f2.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector f3 = a020;
            f3 = f3.add(f3.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f3 = f3.add(f3.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f3 = f3.add(f3.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f3 = f3.add(f3.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = f3.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector f4 = a030;
            f4 = f4.add(f4.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f4 = f4.add(f4.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f4 = f4.add(f4.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f4 = f4.add(f4.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = f4.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector f5 = a100;
            f5 = f5.add(f5.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f5 = f5.add(f5.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f5 = f5.add(f5.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f5 = f5.add(f5.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f5.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f6 = a110;
            f6 = f6.add(f6.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f6 = f6.add(f6.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f6 = f6.add(f6.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f6 = f6.add(f6.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = f6.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector f7 = a120;
            f7 = f7.add(f7.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f7 = f7.add(f7.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f7 = f7.add(f7.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f7 = f7.add(f7.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = f7.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector f8 = a130;
            f8 = f8.add(f8.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f8 = f8.add(f8.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f8 = f8.add(f8.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f8 = f8.add(f8.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = f8.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector f9 = a200;
            f9 = f9.add(f9.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f9 = f9.add(f9.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f9 = f9.add(f9.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f9 = f9.add(f9.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f9.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f10 = a210;
            f10 = f10.add(f10.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f10 = f10.add(f10.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f10 = f10.add(f10.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f10 = f10.add(f10.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = f10.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector f11 = a220;
            f11 = f11.add(f11.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f11 = f11.add(f11.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f11 = f11.add(f11.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f11 = f11.add(f11.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = f11.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector f12 = a230;
            f12 = f12.add(f12.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f12 = f12.add(f12.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f12 = f12.add(f12.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f12 = f12.add(f12.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = f12.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector f13 = a300;
            f13 = f13.add(f13.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f13 = f13.add(f13.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f13 = f13.add(f13.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f13 = f13.add(f13.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f13.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector f14 = a310;
            f14 = f14.add(f14.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f14 = f14.add(f14.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f14 = f14.add(f14.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f14 = f14.add(f14.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = f14.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector f15 = a320;
            f15 = f15.add(f15.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f15 = f15.add(f15.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f15 = f15.add(f15.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f15 = f15.add(f15.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = f15.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector f16 = a330;
            f16 = f16.add(f16.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f16 = f16.add(f16.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f16 = f16.add(f16.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f16 = f16.add(f16.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = f16.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
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
            FloatVector f17 = a000;
            f17 = f17.add(f17.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f17 = f17.add(f17.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f17 = f17.add(f17.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f17 = f17.add(f17.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f17.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f18 = a100;
            f18 = f18.add(f18.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f18 = f18.add(f18.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f18 = f18.add(f18.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f18 = f18.add(f18.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f18.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f19 = a200;
            f19 = f19.add(f19.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f19 = f19.add(f19.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f19 = f19.add(f19.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f19 = f19.add(f19.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f19.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f20 = a300;
            f20 = f20.add(f20.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f20 = f20.add(f20.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f20 = f20.add(f20.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f20 = f20.add(f20.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f20.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
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
            FloatVector f21 = a000;
            f21 = f21.add(f21.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f21 = f21.add(f21.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f21 = f21.add(f21.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f21 = f21.add(f21.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f21.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
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
            RowKernels.interleave(x, xo, in, dst, dOff, L, 2);
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
            FloatVector f22 = a000;
            f22 = f22.add(f22.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f22 = f22.add(f22.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f22 = f22.add(f22.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f22 = f22.add(f22.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f22.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f23 = a010;
            f23 = f23.add(f23.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f23 = f23.add(f23.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f23 = f23.add(f23.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f23 = f23.add(f23.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = f23.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector f24 = a020;
            f24 = f24.add(f24.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f24 = f24.add(f24.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f24 = f24.add(f24.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f24 = f24.add(f24.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = f24.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector f25 = a030;
            f25 = f25.add(f25.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f25 = f25.add(f25.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f25 = f25.add(f25.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f25 = f25.add(f25.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = f25.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector f26 = a100;
            f26 = f26.add(f26.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f26 = f26.add(f26.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f26 = f26.add(f26.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f26 = f26.add(f26.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f26.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f27 = a110;
            f27 = f27.add(f27.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f27 = f27.add(f27.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f27 = f27.add(f27.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f27 = f27.add(f27.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = f27.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector f28 = a120;
            f28 = f28.add(f28.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f28 = f28.add(f28.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f28 = f28.add(f28.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f28 = f28.add(f28.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = f28.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector f29 = a130;
            f29 = f29.add(f29.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f29 = f29.add(f29.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f29 = f29.add(f29.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f29 = f29.add(f29.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = f29.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector f30 = a200;
            f30 = f30.add(f30.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f30 = f30.add(f30.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f30 = f30.add(f30.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f30 = f30.add(f30.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f30.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f31 = a210;
            f31 = f31.add(f31.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f31 = f31.add(f31.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f31 = f31.add(f31.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f31 = f31.add(f31.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = f31.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector f32 = a220;
            f32 = f32.add(f32.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f32 = f32.add(f32.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f32 = f32.add(f32.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f32 = f32.add(f32.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = f32.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector f33 = a230;
            f33 = f33.add(f33.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f33 = f33.add(f33.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f33 = f33.add(f33.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f33 = f33.add(f33.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = f33.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector f34 = a300;
            f34 = f34.add(f34.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f34 = f34.add(f34.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f34 = f34.add(f34.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f34 = f34.add(f34.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f34.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector f35 = a310;
            f35 = f35.add(f35.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f35 = f35.add(f35.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f35 = f35.add(f35.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f35 = f35.add(f35.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = f35.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector f36 = a320;
            f36 = f36.add(f36.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f36 = f36.add(f36.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f36 = f36.add(f36.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f36 = f36.add(f36.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = f36.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector f37 = a330;
            f37 = f37.add(f37.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f37 = f37.add(f37.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f37 = f37.add(f37.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f37 = f37.add(f37.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = f37.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
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
            FloatVector f38 = a00;
            f38 = f38.add(f38.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f38 = f38.add(f38.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f38 = f38.add(f38.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f38 = f38.add(f38.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f38.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f39 = a01;
            f39 = f39.add(f39.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f39 = f39.add(f39.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f39 = f39.add(f39.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f39 = f39.add(f39.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = f39.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector f40 = a10;
            f40 = f40.add(f40.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f40 = f40.add(f40.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f40 = f40.add(f40.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f40 = f40.add(f40.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f40.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f41 = a11;
            f41 = f41.add(f41.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f41 = f41.add(f41.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f41 = f41.add(f41.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f41 = f41.add(f41.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = f41.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector f42 = a20;
            f42 = f42.add(f42.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f42 = f42.add(f42.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f42 = f42.add(f42.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f42 = f42.add(f42.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f42.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f43 = a21;
            f43 = f43.add(f43.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f43 = f43.add(f43.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f43 = f43.add(f43.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f43 = f43.add(f43.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = f43.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector f44 = a30;
            f44 = f44.add(f44.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f44 = f44.add(f44.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f44 = f44.add(f44.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f44 = f44.add(f44.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f44.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector f45 = a31;
            f45 = f45.add(f45.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f45 = f45.add(f45.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f45 = f45.add(f45.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f45 = f45.add(f45.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = f45.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
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
            FloatVector f46 = a000.add(a001);
            f46 = f46.add(f46.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f46 = f46.add(f46.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f46 = f46.add(f46.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f46 = f46.add(f46.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f46.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f47 = a100.add(a101);
            f47 = f47.add(f47.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f47 = f47.add(f47.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f47 = f47.add(f47.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f47 = f47.add(f47.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f47.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f48 = a200.add(a201);
            f48 = f48.add(f48.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f48 = f48.add(f48.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f48 = f48.add(f48.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f48 = f48.add(f48.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f48.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f49 = a300.add(a301);
            f49 = f49.add(f49.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f49 = f49.add(f49.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f49 = f49.add(f49.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f49 = f49.add(f49.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f49.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
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
            FloatVector f50 = a000.add(a001);
            f50 = f50.add(f50.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f50 = f50.add(f50.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f50 = f50.add(f50.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f50 = f50.add(f50.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f50.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
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
            RowKernels.interleave(x, xo, in, dst, dOff, L, 4);
            boolean fits = true;
            for (int i = dOff; i < dOff + in; i++) {
                fits &= !(Math.abs(dst[i]) >= X_LIMIT);
                dst[i] *= X_SCALE;
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
                    FloatVector x00 = FloatVector.fromArray(F, xp, x0 + c);
                    FloatVector x10 = FloatVector.fromArray(F, xp, x1 + c);
                    FloatVector x20 = FloatVector.fromArray(F, xp, x2 + c);
                    FloatVector x30 = FloatVector.fromArray(F, xp, x3 + c);
                    FloatVector w0a = v0.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s0);
                    a000 = w0a.fma(x00, a000);
                    a010 = w0a.fma(x10, a010);
                    a020 = w0a.fma(x20, a020);
                    a030 = w0a.fma(x30, a030);
                    FloatVector w1a = v1.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s1);
                    a100 = w1a.fma(x00, a100);
                    a110 = w1a.fma(x10, a110);
                    a120 = w1a.fma(x20, a120);
                    a130 = w1a.fma(x30, a130);
                    FloatVector w2a = v2.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s2);
                    a200 = w2a.fma(x00, a200);
                    a210 = w2a.fma(x10, a210);
                    a220 = w2a.fma(x20, a220);
                    a230 = w2a.fma(x30, a230);
                    FloatVector w3a = v3.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s3);
                    a300 = w3a.fma(x00, a300);
                    a310 = w3a.fma(x10, a310);
                    a320 = w3a.fma(x20, a320);
                    a330 = w3a.fma(x30, a330);
                    FloatVector x01 = FloatVector.fromArray(F, xp, x0 + c + 1 * L);
                    FloatVector x11 = FloatVector.fromArray(F, xp, x1 + c + 1 * L);
                    FloatVector x21 = FloatVector.fromArray(F, xp, x2 + c + 1 * L);
                    FloatVector x31 = FloatVector.fromArray(F, xp, x3 + c + 1 * L);
                    FloatVector w0b = v0.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s0);
                    a000 = w0b.fma(x01, a000);
                    a010 = w0b.fma(x11, a010);
                    a020 = w0b.fma(x21, a020);
                    a030 = w0b.fma(x31, a030);
                    FloatVector w1b = v1.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s1);
                    a100 = w1b.fma(x01, a100);
                    a110 = w1b.fma(x11, a110);
                    a120 = w1b.fma(x21, a120);
                    a130 = w1b.fma(x31, a130);
                    FloatVector w2b = v2.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s2);
                    a200 = w2b.fma(x01, a200);
                    a210 = w2b.fma(x11, a210);
                    a220 = w2b.fma(x21, a220);
                    a230 = w2b.fma(x31, a230);
                    FloatVector w3b = v3.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s3);
                    a300 = w3b.fma(x01, a300);
                    a310 = w3b.fma(x11, a310);
                    a320 = w3b.fma(x21, a320);
                    a330 = w3b.fma(x31, a330);
                    FloatVector x02 = FloatVector.fromArray(F, xp, x0 + c + 2 * L);
                    FloatVector x12 = FloatVector.fromArray(F, xp, x1 + c + 2 * L);
                    FloatVector x22 = FloatVector.fromArray(F, xp, x2 + c + 2 * L);
                    FloatVector x32 = FloatVector.fromArray(F, xp, x3 + c + 2 * L);
                    FloatVector w0c = v0.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s0);
                    a000 = w0c.fma(x02, a000);
                    a010 = w0c.fma(x12, a010);
                    a020 = w0c.fma(x22, a020);
                    a030 = w0c.fma(x32, a030);
                    FloatVector w1c = v1.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s1);
                    a100 = w1c.fma(x02, a100);
                    a110 = w1c.fma(x12, a110);
                    a120 = w1c.fma(x22, a120);
                    a130 = w1c.fma(x32, a130);
                    FloatVector w2c = v2.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s2);
                    a200 = w2c.fma(x02, a200);
                    a210 = w2c.fma(x12, a210);
                    a220 = w2c.fma(x22, a220);
                    a230 = w2c.fma(x32, a230);
                    FloatVector w3c = v3.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s3);
                    a300 = w3c.fma(x02, a300);
                    a310 = w3c.fma(x12, a310);
                    a320 = w3c.fma(x22, a320);
                    a330 = w3c.fma(x32, a330);
                    FloatVector x03 = FloatVector.fromArray(F, xp, x0 + c + 3 * L);
                    FloatVector x13 = FloatVector.fromArray(F, xp, x1 + c + 3 * L);
                    FloatVector x23 = FloatVector.fromArray(F, xp, x2 + c + 3 * L);
                    FloatVector x33 = FloatVector.fromArray(F, xp, x3 + c + 3 * L);
                    FloatVector w0d = v0.lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s0);
                    a000 = w0d.fma(x03, a000);
                    a010 = w0d.fma(x13, a010);
                    a020 = w0d.fma(x23, a020);
                    a030 = w0d.fma(x33, a030);
                    FloatVector w1d = v1.lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s1);
                    a100 = w1d.fma(x03, a100);
                    a110 = w1d.fma(x13, a110);
                    a120 = w1d.fma(x23, a120);
                    a130 = w1d.fma(x33, a130);
                    FloatVector w2d = v2.lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s2);
                    a200 = w2d.fma(x03, a200);
                    a210 = w2d.fma(x13, a210);
                    a220 = w2d.fma(x23, a220);
                    a230 = w2d.fma(x33, a230);
                    FloatVector w3d = v3.lanewise(VectorOperators.ASHR, 4).and(E4M3_BITS).reinterpretAsFloats().mul(s3);
                    a300 = w3d.fma(x03, a300);
                    a310 = w3d.fma(x13, a310);
                    a320 = w3d.fma(x23, a320);
                    a330 = w3d.fma(x33, a330);
                }
            }
            FloatVector f51 = a000;
            f51 = f51.add(f51.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f51 = f51.add(f51.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f51 = f51.add(f51.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f51 = f51.add(f51.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f51.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f52 = a010;
            f52 = f52.add(f52.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f52 = f52.add(f52.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f52 = f52.add(f52.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f52 = f52.add(f52.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1] = f52.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x1) : 0f);
            FloatVector f53 = a020;
            f53 = f53.add(f53.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f53 = f53.add(f53.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f53 = f53.add(f53.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f53 = f53.add(f53.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2] = f53.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x2) : 0f);
            FloatVector f54 = a030;
            f54 = f54.add(f54.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f54 = f54.add(f54.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f54 = f54.add(f54.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f54 = f54.add(f54.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3] = f54.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x3) : 0f);
            FloatVector f55 = a100;
            f55 = f55.add(f55.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f55 = f55.add(f55.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f55 = f55.add(f55.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f55 = f55.add(f55.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f55.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f56 = a110;
            f56 = f56.add(f56.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f56 = f56.add(f56.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f56 = f56.add(f56.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f56 = f56.add(f56.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 1] = f56.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x1) : 0f);
            FloatVector f57 = a120;
            f57 = f57.add(f57.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f57 = f57.add(f57.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f57 = f57.add(f57.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f57 = f57.add(f57.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 1] = f57.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x2) : 0f);
            FloatVector f58 = a130;
            f58 = f58.add(f58.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f58 = f58.add(f58.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f58 = f58.add(f58.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f58 = f58.add(f58.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 1] = f58.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x3) : 0f);
            FloatVector f59 = a200;
            f59 = f59.add(f59.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f59 = f59.add(f59.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f59 = f59.add(f59.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f59 = f59.add(f59.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f59.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f60 = a210;
            f60 = f60.add(f60.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f60 = f60.add(f60.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f60 = f60.add(f60.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f60 = f60.add(f60.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 2] = f60.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x1) : 0f);
            FloatVector f61 = a220;
            f61 = f61.add(f61.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f61 = f61.add(f61.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f61 = f61.add(f61.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f61 = f61.add(f61.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 2] = f61.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x2) : 0f);
            FloatVector f62 = a230;
            f62 = f62.add(f62.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f62 = f62.add(f62.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f62 = f62.add(f62.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f62 = f62.add(f62.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 2] = f62.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x3) : 0f);
            FloatVector f63 = a300;
            f63 = f63.add(f63.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f63 = f63.add(f63.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f63 = f63.add(f63.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f63 = f63.add(f63.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f63.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
            FloatVector f64 = a310;
            f64 = f64.add(f64.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f64 = f64.add(f64.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f64 = f64.add(f64.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f64 = f64.add(f64.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y1 + 3] = f64.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x1) : 0f);
            FloatVector f65 = a320;
            f65 = f65.add(f65.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f65 = f65.add(f65.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f65 = f65.add(f65.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f65 = f65.add(f65.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y2 + 3] = f65.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x2) : 0f);
            FloatVector f66 = a330;
            f66 = f66.add(f66.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f66 = f66.add(f66.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f66 = f66.add(f66.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f66 = f66.add(f66.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y3 + 3] = f66.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x3) : 0f);
        }

        @Override
        public void tile4x1(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            int in = w.cols();
            if (w.fp8BlockCols() == 2 * CHUNK && in % (2 * CHUNK) == 0) {
                tile4x1TwoChunkBlocks(w, r0, xp, x0, out, y0);
                return;
            }
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
            FloatVector f67 = a0;
            f67 = f67.add(f67.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f67 = f67.add(f67.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f67 = f67.add(f67.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f67 = f67.add(f67.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f67.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f68 = a1;
            f68 = f68.add(f68.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f68 = f68.add(f68.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f68 = f68.add(f68.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f68 = f68.add(f68.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f68.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f69 = a2;
            f69 = f69.add(f69.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f69 = f69.add(f69.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f69 = f69.add(f69.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f69 = f69.add(f69.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f69.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f70 = a3;
            f70 = f70.add(f70.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f70 = f70.add(f70.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f70 = f70.add(f70.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f70 = f70.add(f70.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f70.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
        }

        /**
         * {@link #tile4x1} when a scale block is exactly two chunks (128 columns at 512 bits, as in DeepSeek-V3):
         * the block's two chunks written out, so no two-trip inner loop and its exits run per block. The same
         * operations in the same order as the general loop, so the same result to the bit.
         */
        private static void tile4x1TwoChunkBlocks(WeightTensor w, int r0, float[] xp, int x0, float[] out, int y0) {
            MemorySegment m = w.segment();
            int in = w.cols();
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
            int sb0 = w.fp8ScaleRowBase(r0 + 0);
            int sb1 = w.fp8ScaleRowBase(r0 + 1);
            int sb2 = w.fp8ScaleRowBase(r0 + 2);
            int sb3 = w.fp8ScaleRowBase(r0 + 3);
            for (int c = 0, cb = 0; c < full; c += 2 * CHUNK, cb++) {
                FloatVector p00 = FloatVector.zero(F);
                FloatVector p01 = FloatVector.zero(F);
                FloatVector p10 = FloatVector.zero(F);
                FloatVector p11 = FloatVector.zero(F);
                FloatVector p20 = FloatVector.zero(F);
                FloatVector p21 = FloatVector.zero(F);
                FloatVector p30 = FloatVector.zero(F);
                FloatVector p31 = FloatVector.zero(F);
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
                FloatVector xv0b = FloatVector.fromArray(F, xp, x0 + c + CHUNK + 0 * L);
                FloatVector xv1b = FloatVector.fromArray(F, xp, x0 + c + CHUNK + 1 * L);
                FloatVector xv2b = FloatVector.fromArray(F, xp, x0 + c + CHUNK + 2 * L);
                FloatVector xv3b = FloatVector.fromArray(F, xp, x0 + c + CHUNK + 3 * L);
                ShortVector s0b = IntVector.fromMemorySegment(I, m, b0 + c + CHUNK, LE).reinterpretAsShorts();
                IntVector h0b = s0b.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                IntVector l0b = s0b.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                p00 = l0b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0b, p00);
                p01 = h0b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1b, p01);
                p00 = l0b.and(E4M3_BITS).reinterpretAsFloats().fma(xv2b, p00);
                p01 = h0b.and(E4M3_BITS).reinterpretAsFloats().fma(xv3b, p01);
                ShortVector s1b = IntVector.fromMemorySegment(I, m, b1 + c + CHUNK, LE).reinterpretAsShorts();
                IntVector h1b = s1b.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                IntVector l1b = s1b.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                p10 = l1b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0b, p10);
                p11 = h1b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1b, p11);
                p10 = l1b.and(E4M3_BITS).reinterpretAsFloats().fma(xv2b, p10);
                p11 = h1b.and(E4M3_BITS).reinterpretAsFloats().fma(xv3b, p11);
                ShortVector s2b = IntVector.fromMemorySegment(I, m, b2 + c + CHUNK, LE).reinterpretAsShorts();
                IntVector h2b = s2b.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                IntVector l2b = s2b.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                p20 = l2b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0b, p20);
                p21 = h2b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1b, p21);
                p20 = l2b.and(E4M3_BITS).reinterpretAsFloats().fma(xv2b, p20);
                p21 = h2b.and(E4M3_BITS).reinterpretAsFloats().fma(xv3b, p21);
                ShortVector s3b = IntVector.fromMemorySegment(I, m, b3 + c + CHUNK, LE).reinterpretAsShorts();
                IntVector h3b = s3b.lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                IntVector l3b = s3b.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 4).reinterpretAsInts();
                p30 = l3b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv0b, p30);
                p31 = h3b.lanewise(VectorOperators.LSHL, 16).and(E4M3_BITS).reinterpretAsFloats().fma(xv1b, p31);
                p30 = l3b.and(E4M3_BITS).reinterpretAsFloats().fma(xv2b, p30);
                p31 = h3b.and(E4M3_BITS).reinterpretAsFloats().fma(xv3b, p31);
                a0 = p00.add(p01).fma(FloatVector.broadcast(F, sc[sb0 + cb]), a0);
                a1 = p10.add(p11).fma(FloatVector.broadcast(F, sc[sb1 + cb]), a1);
                a2 = p20.add(p21).fma(FloatVector.broadcast(F, sc[sb2 + cb]), a2);
                a3 = p30.add(p31).fma(FloatVector.broadcast(F, sc[sb3 + cb]), a3);
            }
            FloatVector f71 = a0;
            f71 = f71.add(f71.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f71 = f71.add(f71.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f71 = f71.add(f71.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f71 = f71.add(f71.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f71.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
            FloatVector f72 = a1;
            f72 = f72.add(f72.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f72 = f72.add(f72.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f72 = f72.add(f72.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f72 = f72.add(f72.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 1] = f72.lane(0) + (full < in ? tail(w, r0 + 1, full, in, xp, x0) : 0f);
            FloatVector f73 = a2;
            f73 = f73.add(f73.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f73 = f73.add(f73.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f73 = f73.add(f73.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f73 = f73.add(f73.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 2] = f73.lane(0) + (full < in ? tail(w, r0 + 2, full, in, xp, x0) : 0f);
            FloatVector f74 = a3;
            f74 = f74.add(f74.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f74 = f74.add(f74.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f74 = f74.add(f74.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f74 = f74.add(f74.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0 + 3] = f74.lane(0) + (full < in ? tail(w, r0 + 3, full, in, xp, x0) : 0f);
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
            FloatVector f75 = a0;
            f75 = f75.add(f75.rearrange(LaneSums.FOLD_1, LaneSums.KEEP_1));
            f75 = f75.add(f75.rearrange(LaneSums.FOLD_2, LaneSums.KEEP_2));
            f75 = f75.add(f75.rearrange(LaneSums.FOLD_3, LaneSums.KEEP_3));
            f75 = f75.add(f75.rearrange(LaneSums.FOLD_4, LaneSums.KEEP_4));
            out[y0] = f75.lane(0) + (full < in ? tail(w, r0 + 0, full, in, xp, x0) : 0f);
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
