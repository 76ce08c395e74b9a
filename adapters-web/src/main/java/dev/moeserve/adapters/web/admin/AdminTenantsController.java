package dev.moeserve.adapters.web.admin;

import dev.moeserve.adapters.web.edge.ClientAddresses;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.application.port.in.ContentRetentionCommand;
import dev.moeserve.application.port.in.CreditCommand;
import dev.moeserve.application.port.in.IssuedApiKey;
import dev.moeserve.application.port.in.KeyLabel;
import dev.moeserve.application.port.in.LimitsCommand;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.application.port.in.PlanCommand;
import dev.moeserve.application.port.in.ReviewRequestContent;
import dev.moeserve.application.port.in.TenantAccount;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.TenantLimits;
import dev.moeserve.domain.tenancy.TenantStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * {@code /admin/tenants}: tenants, their keys, limits, plans, credit, content retention and retained content. Every request authenticates
 * the operator first; reads are open to admins and auditors, changes to admins only (403 otherwise).
 */
@Controller("/admin/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
final class AdminTenantsController {
    private final AuthenticateOperator authenticate;
    private final ClientAddresses addresses;
    private final ManageTenants tenants;
    private final ReviewRequestContent contents;
    private final JsonMapper json;

    AdminTenantsController(AuthenticateOperator authenticate, ManageTenants tenants, ReviewRequestContent contents,
                           JsonMapper json, ClientAddresses addresses) {
        this.addresses = addresses;
        this.authenticate = authenticate;
        this.tenants = tenants;
        this.contents = contents;
        this.json = json;
    }

    @Post
    @Status(HttpStatus.CREATED)
    CreatedTenant create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        TenantAccount account = tenants.createTenant(operator, new NewTenantCommand(request.requiredText("name"),
                request.smallWhole("content_retention_days")));
        return new CreatedTenant(account.profile().id().toString(), account.profile().name());
    }

    @Get
    TenantList list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                    @Nullable @QueryValue String page, @Nullable @QueryValue String limit) {
        Operator operator = reader(authorization);
        ManageTenants.TenantPage result = tenants.tenants(operator, AdminParams.positive(page, "page", 1),
                AdminParams.positive(limit, "limit", 100));
        return new TenantList("list", result.tenants().stream().map(TenantJson::of).toList(), result.page(),
                result.pageSize(), result.hasMore());
    }

    @Get("/{id}")
    TenantJson get(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = reader(authorization);
        return TenantJson.of(tenants.tenant(operator, AdminParams.tenantInPath(id)));
    }

    @Post("/{id}/suspend")
    TenantJson suspend(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = changer(authorization);
        return TenantJson.of(tenants.setStatus(operator, AdminParams.tenantInPath(id), TenantStatus.SUSPENDED));
    }

    @Post("/{id}/reactivate")
    TenantJson reactivate(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = changer(authorization);
        return TenantJson.of(tenants.setStatus(operator, AdminParams.tenantInPath(id), TenantStatus.ACTIVE));
    }

    /** {@code {"plan": "pro"}}, or {@code {"plan": null}} to take the tenant off any plan. */
    @Put("/{id}/plan")
    TenantJson plan(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                    @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        if (!request.has("plan")) {
            throw AdminBody.missing("plan");
        }
        return TenantJson.of(tenants.setPlan(operator, AdminParams.tenantInPath(id), new PlanCommand(request.text("plan"))));
    }

    /** Replaces all three limits; a null or absent limit is unlimited. */
    @Put("/{id}/limits")
    LimitsJson limits(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                      @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        LimitsCommand command = new LimitsCommand(request.smallWhole("requests_per_minute"),
                request.smallWhole("tokens_per_minute"), request.smallWhole("max_concurrent"));
        TenantLimits limits = tenants.setLimits(operator, AdminParams.tenantInPath(id), command).profile().limits();
        return LimitsJson.of(limits);
    }

    /**
     * {@code {"days": 30}} stores the tenant's request content from now on, purged 30 days after each request;
     * {@code {"days": null}} stores none from now on. Content already stored keeps its purge time.
     */
    @Post("/{id}/content-retention")
    TenantJson contentRetention(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                                @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        if (!request.has("days")) {
            throw AdminBody.missing("days");
        }
        return TenantJson.of(tenants.setContentRetention(operator, AdminParams.tenantInPath(id),
                new ContentRetentionCommand(request.smallWhole("days"))));
    }

    /** The tenant's retained request content, newest first; content past its purge time is never listed. */
    @Get("/{id}/content")
    ContentList content(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                        @Nullable @QueryValue String page, @Nullable @QueryValue String limit) {
        Operator operator = reader(authorization);
        ReviewRequestContent.ContentPage result = contents.content(operator, AdminParams.tenantInPath(id),
                AdminParams.positive(page, "page", 1), AdminParams.positive(limit, "limit", 20));
        return new ContentList("list", result.contents().stream().map(RequestContentJson::of).toList(), result.page(),
                result.pageSize(), result.hasMore());
    }

    /** Issues a key; the response is the only time its secret ({@code key}) is shown. */
    @Post("/{id}/keys")
    @Status(HttpStatus.CREATED)
    CreatedKey issueKey(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                        @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, true);
        IssuedApiKey issued = tenants.issueKey(operator, AdminParams.tenantInPath(id),
                new KeyLabel(request.text("label").orElse("")));
        return new CreatedKey(issued.id().toString(), issued.key(), issued.prefix());
    }

    @Get("/{id}/keys")
    KeyList keys(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = reader(authorization);
        return new KeyList("list", tenants.keys(operator, AdminParams.tenantInPath(id)).stream().map(ApiKeyJson::of).toList());
    }

    /** Revokes a key: its next request is refused. */
    @Post("/{id}/keys/{keyId}/revoke")
    ApiKeyJson revokeKey(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                         @PathVariable String keyId) {
        Operator operator = changer(authorization);
        return ApiKeyJson.of(tenants.revokeKey(operator, AdminParams.tenantInPath(id), AdminParams.keyInPath(keyId)));
    }

    /** {@code {"amount": "10", "currency": "USD", "kind": "granted"|"topped_up"}}; answers the balance afterwards. */
    @Post("/{id}/credits")
    @Status(HttpStatus.CREATED)
    BalanceJson addCredit(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id,
                          @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        CreditCommand command = new CreditCommand(
                new Money(request.requiredDecimal("amount"), currency(request.requiredText("currency"))),
                kind(request.requiredText("kind")));
        return BalanceJson.of(tenants.addCredit(operator, AdminParams.tenantInPath(id), command));
    }

    private Operator reader(String authorization) {
        return authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.READ);
    }

    private Operator changer(String authorization) {
        return authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.CHANGE)
                .from(addresses.current());
    }

    static Currency currency(String code) {
        String c = code.strip().toUpperCase(Locale.ROOT);
        try {
            if (c.length() == 3) {
                return Currency.getInstance(c);
            }
        } catch (IllegalArgumentException e) {
            // reported below like any other unknown code
        }
        throw AdminBody.invalid("currency", "'" + code + "' is not an ISO 4217 currency code such as \"USD\".");
    }

    private static CreditCommand.Kind kind(String kind) {
        for (CreditCommand.Kind k : CreditCommand.Kind.values()) {
            if (k.wireName().equals(kind)) {
                return k;
            }
        }
        throw AdminBody.invalid("kind", "'" + kind + "' is not one of \"granted\", \"topped_up\".");
    }

    @Serdeable
    record CreatedTenant(String id, String name) {
    }

    @Serdeable
    record CreatedKey(String id, String key, String prefix) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record TenantList(String object, List<TenantJson> data, int page, int limit, boolean hasMore) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ContentList(String object, List<RequestContentJson> data, int page, int limit, boolean hasMore) {
    }

    @Serdeable
    record KeyList(String object, List<ApiKeyJson> data) {
    }
}
