package dev.moeserve.infrastructure.backend;

import dev.moeserve.domain.compute.BackendAvailability;
import dev.moeserve.domain.compute.BackendProvider;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picks the backend that serves: the configured one when it is available, otherwise the fallback
 * policy decides ({@code cpu}: use the CPU and say why; {@code refuse}: do not start).
 */
public final class BackendSelection {
    public static final String FALLBACK_CPU = "cpu";
    public static final String FALLBACK_REFUSE = "refuse";

    private BackendSelection() {
    }

    /** The chosen provider and, when it is not the one configured, why. */
    public record Choice(BackendProvider provider, String fallbackReason) {
        public boolean fellBack() {
            return fallbackReason != null;
        }
    }

    public static Choice choose(String wanted, String fallback, List<BackendProvider> providers) {
        String name = wanted == null ? "cpu" : wanted.strip().toLowerCase(Locale.ROOT);
        String policy = fallback == null ? FALLBACK_CPU : fallback.strip().toLowerCase(Locale.ROOT);
        if (!policy.equals(FALLBACK_CPU) && !policy.equals(FALLBACK_REFUSE)) {
            throw new IllegalArgumentException("moeserve.backend-fallback must be 'cpu' or 'refuse', got '" + fallback + "'");
        }
        BackendProvider provider = find(name, providers);
        BackendAvailability availability = provider.probe();
        if (availability instanceof BackendAvailability.Available) {
            return new Choice(provider, null);
        }
        String reason = ((BackendAvailability.Unavailable) availability).reason();
        if (policy.equals(FALLBACK_REFUSE) || name.equals("cpu")) {
            throw new IllegalStateException("backend '" + name + "' is unavailable: " + reason
                    + (name.equals("cpu") ? "" : " (moeserve.backend-fallback=refuse; set it to 'cpu' to fall back)"));
        }
        BackendProvider cpu = find("cpu", providers);
        if (cpu.probe() instanceof BackendAvailability.Unavailable(String cpuReason)) {
            throw new IllegalStateException("backend '" + name + "' is unavailable (" + reason
                    + ") and so is the CPU fallback: " + cpuReason);
        }
        return new Choice(cpu, "backend '" + name + "' is unavailable: " + reason);
    }

    private static BackendProvider find(String name, List<BackendProvider> providers) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown moeserve.backend '" + name + "'; known: "
                        + providers.stream().map(BackendProvider::name).collect(Collectors.joining(", "))));
    }
}
