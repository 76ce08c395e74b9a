package dev.moeserve.adapters.cuda;

import dev.moeserve.domain.compute.BackendAvailability;
import dev.moeserve.domain.compute.BackendProvider;
import dev.moeserve.domain.compute.ComputeBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The NVIDIA CUDA backend (JavaCPP). Its kernels for the compute port are not written yet, so it
 * always reports itself unavailable, naming whether a CUDA driver was even present.
 */
public final class CudaBackendProvider implements BackendProvider {
    private static final List<Path> DRIVER_LOCATIONS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1"),
            Path.of("/usr/lib64/libcuda.so.1"),
            Path.of("/usr/local/cuda/lib64/stubs/libcuda.so"));

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public BackendAvailability probe() {
        boolean driver = DRIVER_LOCATIONS.stream().anyMatch(Files::exists);
        return new BackendAvailability.Unavailable("the CUDA backend is not yet available in this build "
                + "(it has no compute-port kernels yet); "
                + (driver ? "a CUDA driver was found on this machine" : "no CUDA driver (libcuda.so.1) was found either")
                + ". Use moeserve.backend=cpu.");
    }

    @Override
    public ComputeBackend open(int threads) {
        throw new IllegalStateException(((BackendAvailability.Unavailable) probe()).reason());
    }
}
