package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fetches named tensors from a {@link WeightSource}, checks them against the shape the config implies,
 * uploads them and remembers them so the model can free them all.
 */
final class WeightLoader {
    private final WeightSource source;
    private final ComputeBackend backend;
    private final List<Tensor> uploaded = new ArrayList<>();

    WeightLoader(WeightSource source, ComputeBackend backend) {
        this.source = source;
        this.backend = backend;
    }

    /** Uploads tensor {@code name}, which must have shape {@code dims} and a floating-point dtype. */
    Tensor load(String name, int... dims) {
        Tensor t = backend.upload(checked(name, dims));
        uploaded.add(t);
        return t;
    }

    /** Like {@link #load}, or empty when the checkpoint lacks the tensor. */
    Optional<Tensor> loadIfPresent(String name, int... dims) {
        return source.contains(name) ? Optional.of(load(name, dims)) : Optional.empty();
    }

    /**
     * Uploads {@code count} expert weights named {@code prefix + e + suffix} and stacks them into one
     * [count, dims...] handle for grouped expert GEMMs.
     */
    Tensor loadExperts(String prefix, int count, String suffix, int... dims) {
        List<Tensor> experts = new ArrayList<>(count);
        Tensor stack;
        try {
            for (int e = 0; e < count; e++) {
                experts.add(backend.upload(checked(prefix + e + suffix, dims)));
            }
            stack = backend.stackExperts(experts);
        } catch (RuntimeException e) {
            experts.forEach(backend::free);
            throw e;
        }
        uploaded.add(stack);
        return stack;
    }

    /** Everything uploaded so far, for freeing. */
    List<Tensor> uploaded() {
        return List.copyOf(uploaded);
    }

    /** Frees everything uploaded so far (after a failed load). */
    void freeAll() {
        uploaded.forEach(backend::free);
        uploaded.clear();
    }

    private HostTensor checked(String name, int[] dims) {
        HostTensor host = source.tensor(name);
        if (host.dtype() == DType.I32) {
            throw new ModelLoadException("tensor " + name + " has integer dtype " + host.dtype()
                    + "; weights must be F32, BF16, F16 or F8_E4M3");
        }
        Optional<String> rejected = backend.rejectWeight(host);
        if (rejected.isPresent()) {
            throw new ModelLoadException("tensor " + name + ": " + rejected.get());
        }
        Shape expected = Shape.of(dims);
        if (!host.shape().equals(expected)) {
            throw new ModelLoadException("tensor " + name + " has shape " + host.shape() + " but config.json implies "
                    + expected);
        }
        return host;
    }
}
