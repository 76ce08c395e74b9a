package dev.moeserve.application.port.in;

import java.time.Instant;
import java.util.List;

/** Inbound port: the models this server serves. */
public interface ListModels {
    List<ModelSummary> models();

    record ModelSummary(String id, String backend, int contextLength, Instant loadedAt) {
    }
}
