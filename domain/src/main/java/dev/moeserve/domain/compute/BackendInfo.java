package dev.moeserve.domain.compute;

import java.util.Objects;
import java.util.Set;

/**
 * What a backend is and what it can hold.
 *
 * @param name         short id used in configuration and logs ({@code "cpu"}, {@code "cuda"})
 * @param device       human-readable description of the hardware
 * @param memoryBytes  memory available for tensors
 * @param weightDTypes stored formats {@link ComputeBackend#upload} accepts
 */
public record BackendInfo(String name, String device, long memoryBytes, Set<DType> weightDTypes) {
    public BackendInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        weightDTypes = Set.copyOf(weightDTypes);
    }

    public boolean supportsWeights(DType dtype) {
        return weightDTypes.contains(dtype);
    }
}
