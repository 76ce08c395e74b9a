package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * Activation buffers of one forward pass over {@code tokens} tokens, allocated on the backend on
 * first use and reused by every layer (they all have the same shapes), so repeated passes of the same
 * length allocate nothing.
 */
final class Workspace implements AutoCloseable {
    private final ComputeBackend backend;
    private final int tokens;
    private final Map<String, Tensor> buffers = new HashMap<>();
    private float[] host = new float[0];

    Workspace(ComputeBackend backend, int tokens) {
        this.backend = backend;
        this.tokens = tokens;
    }

    /** The F32 buffer named {@code key}, of shape [tokens, dims...]. */
    Tensor f32(String key, int... dims) {
        return buffer(key, DType.F32, dims);
    }

    /** The I32 buffer named {@code key}, of shape [tokens, dims...]. */
    Tensor i32(String key, int... dims) {
        return buffer(key, DType.I32, dims);
    }

    /** The F32 buffer named {@code key}, of exactly shape {@code dims} (not led by the token count). */
    Tensor f32Exact(String key, int... dims) {
        return exact(key, DType.F32, dims);
    }

    /** A host array of at least {@code n} floats, kept for the next pass. */
    float[] hostFloats(int n) {
        if (host.length != n) {
            host = new float[n];
        }
        return host;
    }

    private Tensor buffer(String key, DType dtype, int[] dims) {
        int[] full = new int[dims.length + 1];
        full[0] = tokens;
        System.arraycopy(dims, 0, full, 1, dims.length);
        return exact(key, dtype, full);
    }

    private Tensor exact(String key, DType dtype, int[] full) {
        Tensor t = buffers.get(key);
        if (t == null) {
            t = backend.allocate(dtype, full);
            buffers.put(key, t);
        } else if (t.dtype() != dtype || !t.shape().equals(Shape.of(full))) {
            throw new IllegalStateException("workspace buffer " + key + " requested as " + dtype + " " + Shape.of(full)
                    + " but holds " + t.dtype() + " " + t.shape());
        }
        return t;
    }

    @Override
    public void close() {
        buffers.values().forEach(backend::free);
        buffers.clear();
    }
}
