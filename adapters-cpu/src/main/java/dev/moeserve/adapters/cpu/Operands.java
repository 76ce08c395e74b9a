package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Tensor;

/** Argument checks shared by the kernels: the right kind of tensor, live, with the expected size. */
final class Operands {
    private Operands() {
    }

    static CpuTensor cpu(Tensor t, String role) {
        if (t == null) {
            throw new IllegalArgumentException(role + " is null");
        }
        if (!(t instanceof CpuTensor c)) {
            throw new IllegalArgumentException(role + " is not a CPU tensor: " + t.getClass().getName());
        }
        c.checkLive();
        return c;
    }

    static FloatTensor f32(Tensor t, String role) {
        if (cpu(t, role) instanceof FloatTensor f) {
            return f;
        }
        throw new IllegalArgumentException(role + " must be an F32 activation tensor, got " + t);
    }

    static IntTensor i32(Tensor t, String role) {
        if (cpu(t, role) instanceof IntTensor i) {
            return i;
        }
        throw new IllegalArgumentException(role + " must be an I32 tensor, got " + t);
    }

    /** A float operand a kernel reads row by row: a stored weight or an F32 activation. */
    static CpuTensor matrix(Tensor t, String role) {
        CpuTensor c = cpu(t, role);
        if (c instanceof IntTensor || c instanceof ExpertStack || c.dtype() == DType.I32) {
            throw new IllegalArgumentException(role + " must be a float matrix, got " + t);
        }
        return c;
    }

    static ExpertStack experts(Tensor t, String role) {
        if (cpu(t, role) instanceof ExpertStack s) {
            return s;
        }
        throw new IllegalArgumentException(role + " must be a stackExperts handle, got " + t);
    }

    /** Requires the matrix view [rows, cols]. */
    static void shape(CpuTensor t, String role, int rows, int cols) {
        if (t.rows() != rows || t.cols() != cols) {
            throw new IllegalArgumentException(role + " must be [" + rows + ", " + cols + "], got " + t.shape());
        }
    }

    static void cols(CpuTensor t, String role, int cols) {
        if (t.cols() != cols) {
            throw new IllegalArgumentException(role + " must have rows of " + cols + ", got " + t.shape());
        }
    }

    static void elements(CpuTensor t, String role, long count) {
        if (t.shape().elementCount() != count) {
            throw new IllegalArgumentException(role + " must hold " + count + " values, got " + t.shape());
        }
    }

    static float[] vector(CpuTensor t, String role, int length) {
        if (t.shape().elementCount() != length) {
            throw new IllegalArgumentException(role + " must hold " + length + " values, got " + t.shape());
        }
        if (t instanceof WeightTensor w) {
            return w.floats(); // decoded once; callers only read it
        }
        float[] v = new float[length];
        if (t.rows() == 1) {
            t.decodeRow(0, v, 0);
        } else {
            for (int r = 0; r < t.rows(); r++) {
                t.decodeRow(r, v, r * t.cols());
            }
        }
        return v;
    }
}
