package dev.moeserve.infrastructure.backend;

import dev.moeserve.adapters.ascend.AscendBackendProvider;
import dev.moeserve.adapters.cpu.CpuBackendProvider;
import dev.moeserve.adapters.cuda.CudaBackendProvider;
import dev.moeserve.domain.compute.BackendAvailability;
import dev.moeserve.domain.compute.BackendProvider;
import dev.moeserve.domain.compute.ComputeBackend;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration picks the backend; an unavailable one falls back to the CPU or refuses, as configured. */
class BackendSelectionTest {
    private final List<BackendProvider> providers =
            List.of(new CpuBackendProvider(), new CudaBackendProvider(), new AscendBackendProvider());

    @Test
    void theCpuBackendIsAvailableAndServesWhenConfigured() {
        BackendSelection.Choice choice = BackendSelection.choose("cpu", "refuse", providers);
        assertThat(choice.provider().name()).isEqualTo("cpu");
        assertThat(choice.fellBack()).isFalse();
        try (ComputeBackend backend = choice.provider().open(1)) {
            assertThat(backend.info().name()).isEqualTo("cpu");
        }
    }

    @Test
    void cudaAndAscendSayTheyAreNotYetAvailableAndWhy() {
        for (BackendProvider p : List.of(new CudaBackendProvider(), new AscendBackendProvider())) {
            assertThat(p.probe()).isInstanceOfSatisfying(BackendAvailability.Unavailable.class,
                    u -> assertThat(u.reason()).contains("not yet available").contains("moeserve.backend=cpu"));
            assertThatThrownBy(() -> p.open(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not yet available");
        }
    }

    @Test
    void anUnavailableBackendFallsBackToTheCpuWithTheReason() {
        BackendSelection.Choice choice = BackendSelection.choose("cuda", "cpu", providers);
        assertThat(choice.provider().name()).isEqualTo("cpu");
        assertThat(choice.fallbackReason()).contains("cuda").contains("not yet available");
    }

    @Test
    void anUnavailableBackendRefusesToStartWhenFallbackIsRefuse() {
        assertThatThrownBy(() -> BackendSelection.choose("ascend", "refuse", providers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ascend")
                .hasMessageContaining("CANN");
    }

    @Test
    void anUnknownBackendNameListsTheKnownOnes() {
        assertThatThrownBy(() -> BackendSelection.choose("tpu", "cpu", providers))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tpu")
                .hasMessageContaining("cpu, cuda, ascend");
    }
}
