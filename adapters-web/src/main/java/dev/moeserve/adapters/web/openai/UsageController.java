package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.QueryUsage;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.adapters.web.wire.UsageRowJson;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** {@code GET /v1/usage?page=1&limit=20}: the calling tenant's own ledger rows, newest first. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class UsageController {
    private final AuthenticateCaller authenticate;
    private final QueryUsage queryUsage;

    UsageController(AuthenticateCaller authenticate, QueryUsage queryUsage) {
        this.authenticate = authenticate;
        this.queryUsage = queryUsage;
    }

    @Get(uris = {"/v1/usage", "/usage"})
    UsageList usage(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                    @QueryValue(defaultValue = "1") int page,
                    @QueryValue(defaultValue = "20") int limit) {
        Caller caller = authenticate.authenticate(BearerToken.from(authorization));
        QueryUsage.UsagePage result = queryUsage.usage(caller.tenantId(), page, limit);
        return new UsageList("list", result.rows().stream().map(UsageRowJson::of).toList(),
                result.page(), result.pageSize(), result.hasMore());
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record UsageList(String object, List<UsageRowJson> data, int page, int limit, boolean hasMore) {
    }
}
