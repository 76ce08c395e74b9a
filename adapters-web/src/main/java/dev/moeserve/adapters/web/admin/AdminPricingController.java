package dev.moeserve.adapters.web.admin;

import dev.moeserve.adapters.web.edge.ClientAddresses;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.application.port.in.ManagePricing;
import dev.moeserve.application.port.in.NewPriceCommand;
import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.application.port.in.PreviewCommand;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.tenancy.TenantId;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/prices}, {@code /admin/promotions} and {@code /admin/models}: the price book, charge
 * previews, and which served models have no price. Reads (previews included) are open to admins and
 * auditors, changes to admins only.
 */
@Controller("/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.ALL})
final class AdminPricingController {
    private final AuthenticateOperator authenticate;
    private final ClientAddresses addresses;
    private final ManagePricing pricing;
    private final JsonMapper json;
    private final Clock clock;

    AdminPricingController(AuthenticateOperator authenticate, ManagePricing pricing, JsonMapper json, Clock clock, ClientAddresses addresses) {
        this.addresses = addresses;
        this.authenticate = authenticate;
        this.pricing = pricing;
        this.json = json;
        this.clock = clock;
    }

    /** A new price version for a model; {@code effective_from} defaults to now and may not be in the past. */
    @Post("/prices")
    @Status(HttpStatus.CREATED)
    CreatedPrice addPrice(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        NewPriceCommand command = new NewPriceCommand(
                request.requiredText("model"),
                AdminTenantsController.currency(request.requiredText("currency")),
                NewPriceCommand.prices(request.decimal("input_cache_hit").orElse(null),
                        request.decimal("input_cache_miss").orElse(null), request.decimal("output").orElse(null)),
                request.instant("effective_from"));
        PriceVersion version = pricing.addPrice(operator, command);
        return new CreatedPrice(version.tier().versionId(), version.version());
    }

    /** Every priced model's versions, newest first; {@code ?model=} for one model (404 if never priced). */
    @Get("/prices")
    PriceList prices(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @QueryValue String model) {
        Operator operator = reader(authorization);
        return new PriceList("list", pricing.prices(operator, AdminParams.optionalText(model)).stream()
                .map(PriceHistoryJson::of).toList());
    }

    /**
     * {@code {"model", "tenant"?, "prompt_cache_hit_tokens", "prompt_cache_miss_tokens", "completion_tokens", "at"?}}:
     * what such a request would cost if it started at {@code at} (default now). Changes nothing.
     */
    @Post("/prices/preview")
    ChargePreviewJson preview(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @Nullable @Body String body) {
        Operator operator = reader(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        Optional<TenantId> tenant = request.text("tenant").map(t -> AdminParams.tenant(t, "tenant"));
        PreviewCommand command = new PreviewCommand(request.requiredText("model"), tenant,
                PreviewCommand.tokens(request.whole("prompt_cache_hit_tokens").orElse(0),
                        request.whole("prompt_cache_miss_tokens").orElse(0), request.whole("completion_tokens").orElse(0)),
                request.instant("at"));
        return ChargePreviewJson.of(pricing.preview(operator, command));
    }

    @Post("/promotions")
    @Status(HttpStatus.CREATED)
    CreatedPromotion addPromotion(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                  @Nullable @Body String body) {
        Operator operator = changer(authorization);
        AdminBody request = AdminBody.parse(json, body, false);
        NewPromotionCommand command = new NewPromotionCommand(
                request.requiredText("name"),
                request.decimal("percent_off").orElse(null),
                tokenClasses(request.texts("token_classes")),
                new LinkedHashSet<>(request.texts("models")),
                tenants(request.texts("tenants")),
                new LinkedHashSet<>(request.texts("plans")),
                request.instant("starts_at"),
                request.instant("ends_at"),
                request.bool("stackable").orElse(false),
                request.object("off_peak").map(AdminPricingController::offPeak));
        return new CreatedPromotion(pricing.addPromotion(operator, command).id());
    }

    @Get("/promotions")
    PromotionList promotions(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        Operator operator = reader(authorization);
        var now = clock.instant();
        return new PromotionList("list", pricing.promotions(operator).stream().map(p -> PromotionJson.of(p, now)).toList());
    }

    @Get("/promotions/{id}")
    PromotionJson promotion(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = reader(authorization);
        return PromotionJson.of(pricing.promotion(operator, id), clock.instant());
    }

    /** Ends the promotion now: requests that start from now on pay without it; charged ones keep it. */
    @Post("/promotions/{id}/end")
    PromotionJson endPromotion(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        Operator operator = changer(authorization);
        Promotion ended = pricing.endPromotion(operator, id);
        return PromotionJson.of(ended, clock.instant());
    }

    /** The served models, each with its price in force now; unpriced ones are flagged as served at zero charge. */
    @Get("/models")
    ModelList models(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        Operator operator = reader(authorization);
        return new ModelList("list", pricing.models(operator).stream().map(ModelPricingJson::of).toList());
    }

    private Operator reader(String authorization) {
        return authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.READ);
    }

    private Operator changer(String authorization) {
        return authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.CHANGE)
                .from(addresses.current());
    }

    private static Set<TokenClass> tokenClasses(List<String> names) {
        Set<TokenClass> classes = EnumSet.noneOf(TokenClass.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            try {
                classes.add(TokenClass.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw AdminBody.invalid("token_classes[" + i + "]",
                        "'" + name + "' is not one of \"input_cache_hit\", \"input_cache_miss\", \"output\".");
            }
        }
        return classes;
    }

    private static Set<TenantId> tenants(List<String> ids) {
        Set<TenantId> tenants = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            tenants.add(AdminParams.tenant(ids.get(i), "tenants[" + i + "]"));
        }
        return tenants;
    }

    /** {@code {"days": ["monday", ...] (default every day), "start": "16:30", "end": "00:30", "zone": "UTC"}}. */
    private static OffPeakWindow offPeak(AdminBody window) {
        List<String> dayNames = window.texts("days");
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < dayNames.size(); i++) {
            days.add(PromotionJson.day(dayNames.get(i), "off_peak.days[" + i + "]"));
        }
        if (days.isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        LocalTime start = time(window.requiredText("start"), "off_peak.start");
        LocalTime end = time(window.requiredText("end"), "off_peak.end");
        ZoneId zone;
        try {
            zone = ZoneId.of(window.text("zone").orElse("UTC"));
        } catch (DateTimeException e) {
            throw AdminBody.invalid("off_peak.zone", "'" + window.text("zone").orElse("") + "' is not a time zone such as \"UTC\".");
        }
        if (start.equals(end)) {
            throw AdminBody.invalid("off_peak.end", "must differ from off_peak.start.");
        }
        return OffPeakWindow.on(days, start, end, zone);
    }

    private static LocalTime time(String text, String field) {
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw AdminBody.invalid(field, "'" + text + "' is not a time of day such as \"16:30\".");
        }
    }

    @Serdeable
    record CreatedPrice(String id, int version) {
    }

    @Serdeable
    record CreatedPromotion(String id) {
    }

    @Serdeable
    record PriceList(String object, List<PriceHistoryJson> data) {
    }

    @Serdeable
    record PromotionList(String object, List<PromotionJson> data) {
    }

    @Serdeable
    record ModelList(String object, List<ModelPricingJson> data) {
    }
}
