package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.ListModels;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** {@code GET /v1/models}: the served models, in OpenAI's list shape. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class ModelsController {
    private final AuthenticateCaller authenticate;
    private final ListModels listModels;

    ModelsController(AuthenticateCaller authenticate, ListModels listModels) {
        this.authenticate = authenticate;
        this.listModels = listModels;
    }

    @Get(uris = {"/v1/models", "/models"})
    ModelList list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        authenticate.authenticate(BearerToken.from(authorization));
        return new ModelList("list", listModels.models().stream()
                .map(m -> new ModelEntry(m.id(), "model", m.loadedAt().getEpochSecond(), "moeserve", m.contextLength()))
                .toList());
    }

    @Serdeable
    record ModelList(String object, List<ModelEntry> data) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ModelEntry(String id, String object, long created, String ownedBy, int contextLength) {
    }
}
