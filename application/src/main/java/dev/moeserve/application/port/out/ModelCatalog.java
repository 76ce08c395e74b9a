package dev.moeserve.application.port.out;

import java.util.List;
import java.util.Optional;

/** Outbound port: the models loaded in this process, by public id. */
public interface ModelCatalog {
    Optional<ServedModel> find(String id);

    List<ServedModel> all();
}
