package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.ContentRetentionCommand;
import dev.moeserve.application.port.in.CreditCommand;
import dev.moeserve.application.port.in.IssuedApiKey;
import dev.moeserve.application.port.in.KeyLabel;
import dev.moeserve.application.port.in.LimitsCommand;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.application.port.in.PlanCommand;
import dev.moeserve.application.port.in.TenantAccount;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/** Tenants and their keys: create, suspend, revoke, top up credit, set limits. A new key is shown once. */
@Controller("/console/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
@Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.ALL})
final class ConsoleTenantsController {
    private static final int PAGE_SIZE = 25;

    private final ConsoleAccess access;
    private final ManageTenants tenants;

    ConsoleTenantsController(ConsoleAccess access, ManageTenants tenants) {
        this.access = access;
        this.tenants = tenants;
    }

    @Get
    HttpResponse<?> list(HttpRequest<?> request, @Nullable @QueryValue Integer page) {
        ConsoleAccess.Signed signed = access.reader(request);
        return listPage(signed, page == null || page < 1 ? 1 : page, Map.of()).ok();
    }

    @Post
    HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            Operator operator = access.changer(request, form).operator();
            TenantAccount created = tenants.createTenant(operator, new NewTenantCommand(form.text("name").orElse(null)));
            signed.session().flash("Tenant '" + created.profile().name() + "' created.");
            return HttpResponse.seeOther(URI.create("/console/tenants/" + created.profile().id()));
        } catch (ApplicationException e) {
            return listPage(signed, 1, form.echo()).refused(e);
        }
    }

    @Get("/{id}")
    HttpResponse<?> detail(HttpRequest<?> request, @PathVariable String id) {
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            return detailPage(signed, tenantId(id), null).ok();
        } catch (ApplicationException e) {
            return ConsoleView.page("console/tenant-missing", signed, "tenants").refused(e);
        }
    }

    @Post("/{id}/status")
    HttpResponse<?> status(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            TenantStatus status = "suspended".equals(form.text("status").orElse("")) ? TenantStatus.SUSPENDED : TenantStatus.ACTIVE;
            tenants.setStatus(operator, tenantId(id), status);
            return "Tenant " + status.wireName() + ".";
        });
    }

    @Post("/{id}/plan")
    HttpResponse<?> plan(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            tenants.setPlan(operator, tenantId(id), new PlanCommand(form.text("plan")));
            return "Plan saved.";
        });
    }

    @Post("/{id}/limits")
    HttpResponse<?> limits(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            tenants.setLimits(operator, tenantId(id), new LimitsCommand(limit(form, "requests_per_minute"),
                    limit(form, "tokens_per_minute"), limit(form, "max_concurrent")));
            return "Limits saved.";
        });
    }

    /** Request content kept for N days (then purged, ledger rows untouched), or not stored at all when empty. */
    @Post("/{id}/content-retention")
    HttpResponse<?> contentRetention(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            OptionalInt days = ConsoleInput.whole(form, "days").map(OptionalInt::of).orElse(OptionalInt.empty());
            tenants.setContentRetention(operator, tenantId(id), new ContentRetentionCommand(days));
            return days.isPresent() ? "Request content is now kept for " + days.getAsInt() + " days."
                    : "Request content is no longer stored.";
        });
    }

    @Post("/{id}/credits")
    HttpResponse<?> credit(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            Currency currency = ConsoleInput.currency(form, "currency");
            CreditCommand.Kind kind = "topped_up".equals(form.text("kind").orElse("")) ? CreditCommand.Kind.TOPPED_UP
                    : CreditCommand.Kind.GRANTED;
            var amount = ConsoleInput.decimal(form, "amount").orElseThrow(() -> ConsoleInput.missing("amount"));
            CreditBalance after = tenants.addCredit(operator, tenantId(id), new CreditCommand(Money.of(amount, currency), kind));
            return "Credit added: balance " + ConsoleView.money(after.total()) + " " + currency.getCurrencyCode() + ".";
        });
    }

    @Post("/{id}/keys")
    HttpResponse<?> issueKey(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        TenantId tenant = tenantId(id);
        try {
            Operator operator = access.changer(request, form).operator();
            IssuedApiKey key = tenants.issueKey(operator, tenant, new KeyLabel(form.text("label").orElse("")));
            // answered directly, never redirected: the key exists only in this response
            return detailPage(signed, tenant, key.key()).ok();
        } catch (ApplicationException e) {
            return detailPage(signed, tenant, null).refused(e);
        }
    }

    @Post("/{id}/keys/{keyId}/revoke")
    HttpResponse<?> revokeKey(HttpRequest<?> request, @PathVariable String id, @PathVariable String keyId,
                              @Nullable @Body String body) {
        return change(request, id, body, (operator, form) -> {
            ApiKeyRecord revoked = tenants.revokeKey(operator, tenantId(id), keyId(keyId));
            return "Key " + revoked.prefix() + "… revoked.";
        });
    }

    /** A change from the tenant page: done, then back to the page with a message; refused, the page with the reason. */
    private HttpResponse<?> change(HttpRequest<?> request, String id, String body,
                                   java.util.function.BiFunction<Operator, FormData, String> action) {
        FormData form = FormData.parse(body);
        ConsoleAccess.Signed signed = access.reader(request);
        TenantId tenant = tenantId(id);
        try {
            String message = action.apply(access.changer(request, form).operator(), form);
            signed.session().flash(message);
            return HttpResponse.seeOther(URI.create("/console/tenants/" + tenant));
        } catch (ApplicationException e) {
            return detailPage(signed, tenant, null).refused(e);
        }
    }

    private ConsoleView listPage(ConsoleAccess.Signed signed, int page, Map<String, Object> form) {
        ManageTenants.TenantPage result = tenants.tenants(signed.operator(), page, PAGE_SIZE);
        return ConsoleView.page("console/tenants", signed, "tenants")
                .with("tenants", result.tenants().stream().map(ConsoleTenantsController::tenantRow).toList())
                .with("page", page).with("hasMore", result.hasMore()).with("form", form);
    }

    private ConsoleView detailPage(ConsoleAccess.Signed signed, TenantId tenant, String newKey) {
        TenantAccount account = tenants.tenant(signed.operator(), tenant);
        List<ApiKeyRecord> keys = tenants.keys(signed.operator(), tenant);
        return ConsoleView.page("console/tenant", signed, "tenants")
                .with("tenant", tenantRow(account))
                .with("balances", account.balances().stream().map(b -> Map.of("currency", b.currency().getCurrencyCode(),
                        "granted", ConsoleView.money(b.granted()), "toppedUp", ConsoleView.money(b.toppedUp()),
                        "reserved", ConsoleView.money(b.reserved()), "available", ConsoleView.money(b.available()))).toList())
                .with("keys", keys.stream().map(ConsoleTenantsController::keyRow).toList())
                .with("newKey", newKey);
    }

    private static Map<String, Object> tenantRow(TenantAccount account) {
        var p = account.profile();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", p.id().toString());
        row.put("name", p.name());
        row.put("status", p.status().wireName());
        row.put("suspended", p.status() == TenantStatus.SUSPENDED);
        row.put("created", ConsoleView.when(p.createdAt()));
        row.put("plan", p.limits().plan().orElse(""));
        Function<OptionalInt, String> shown = l -> l.isPresent() ? String.valueOf(l.getAsInt()) : null;
        row.put("rpm", shown.apply(p.limits().requestsPerMinute()));
        row.put("tpm", shown.apply(p.limits().tokensPerMinute()));
        row.put("concurrency", shown.apply(p.limits().maxConcurrent()));
        row.put("retentionDays", p.contentRetention().days().isPresent() ? String.valueOf(p.contentRetention().days().getAsInt()) : null);
        row.put("balance", account.balances().stream()
                .map(b -> ConsoleView.money(b.available()) + " " + b.currency().getCurrencyCode()).reduce((a, b) -> a + ", " + b).orElse("none"));
        return row;
    }

    private static Map<String, Object> keyRow(ApiKeyRecord key) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", key.id().value().toString());
        row.put("prefix", key.prefix());
        row.put("label", key.label());
        row.put("created", ConsoleView.when(key.createdAt()));
        row.put("lastUsed", key.lastUsedAt().map(ConsoleView::when).orElse("never"));
        row.put("revoked", key.revoked());
        row.put("revokedAt", key.revokedAt().map(ConsoleView::when).orElse(""));
        return row;
    }

    private static OptionalInt limit(FormData form, String field) {
        return ConsoleInput.whole(form, field).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private static TenantId tenantId(String id) {
        try {
            return new TenantId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ApplicationException.notFound("tenant_not_found", "No tenant with id '" + id + "'.");
        }
    }

    private static ApiKeyId keyId(String id) {
        try {
            return new ApiKeyId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ApplicationException.notFound("key_not_found", "No API key with id '" + id + "'.");
        }
    }
}
