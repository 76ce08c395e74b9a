package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BackendAvailability;
import dev.moeserve.domain.compute.BackendProvider;
import dev.moeserve.domain.compute.ComputeBackend;

/** The CPU backend is always there: it needs nothing but the JVM. */
public final class CpuBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public BackendAvailability probe() {
        return new BackendAvailability.Available(Runtime.getRuntime().availableProcessors() + " processors, "
                + System.getProperty("os.arch"));
    }

    @Override
    public ComputeBackend open(int threads) {
        return threads > 0 ? new CpuBackend(threads) : new CpuBackend();
    }
}
