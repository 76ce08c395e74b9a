package dev.moeserve.domain.compute;

import java.util.Objects;

/** Whether a backend can run on this machine; when not, the cause and what would fix it. */
public sealed interface BackendAvailability {

    /** The backend can be opened; {@code device} describes what it found. */
    record Available(String device) implements BackendAvailability {
        public Available {
            Objects.requireNonNull(device, "device");
        }
    }

    /** The backend cannot be opened here; {@code reason} names what is missing and how to provide it. */
    record Unavailable(String reason) implements BackendAvailability {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
