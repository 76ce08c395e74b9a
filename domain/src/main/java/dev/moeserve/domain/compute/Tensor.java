package dev.moeserve.domain.compute;

/**
 * An opaque handle to memory a {@link ComputeBackend} owns. The domain never reads it directly:
 * bytes move only through the backend's upload, write and read calls. Whoever allocated or
 * uploaded a tensor frees it with {@link ComputeBackend#free(Tensor)}.
 */
public interface Tensor {
    DType dtype();

    Shape shape();
}
