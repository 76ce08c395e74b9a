package dev.moeserve.application.catalog;

import dev.moeserve.application.port.in.ListModels;
import dev.moeserve.application.port.out.ModelCatalog;

import java.util.List;

/** Lists the served models for {@code GET /v1/models}. */
public final class ModelListing implements ListModels {
    private final ModelCatalog catalog;

    public ModelListing(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public List<ModelSummary> models() {
        return catalog.all().stream()
                .map(m -> new ModelSummary(m.id(), m.backend(), m.contextLength(), m.loadedAt()))
                .toList();
    }
}
