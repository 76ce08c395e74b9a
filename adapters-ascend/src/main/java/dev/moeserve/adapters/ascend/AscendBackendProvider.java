package dev.moeserve.adapters.ascend;

import dev.moeserve.domain.compute.BackendAvailability;
import dev.moeserve.domain.compute.BackendProvider;
import dev.moeserve.domain.compute.ComputeBackend;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Huawei Ascend backend (JNI to CANN). The JNI bridge is not written yet, so it always reports
 * itself unavailable, naming whether a CANN toolkit was even present.
 */
public final class AscendBackendProvider implements BackendProvider {
    /** Where CANN installs by default; {@code ASCEND_HOME_PATH} overrides it, as CANN's own scripts do. */
    private static final String DEFAULT_CANN_HOME = "/usr/local/Ascend/ascend-toolkit/latest";

    @Override
    public String name() {
        return "ascend";
    }

    @Override
    public BackendAvailability probe() {
        String home = System.getenv().getOrDefault("ASCEND_HOME_PATH", DEFAULT_CANN_HOME);
        boolean cann = Files.isDirectory(Path.of(home));
        return new BackendAvailability.Unavailable("the Ascend backend is not yet available in this build "
                + "(it has no JNI bridge to CANN yet); "
                + (cann ? "a CANN toolkit was found at " + home : "no CANN toolkit was found at " + home + " either")
                + ". Use moeserve.backend=cpu.");
    }

    @Override
    public ComputeBackend open(int threads) {
        throw new IllegalStateException(((BackendAvailability.Unavailable) probe()).reason());
    }
}
