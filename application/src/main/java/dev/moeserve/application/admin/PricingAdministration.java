package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.ChargePreview;
import dev.moeserve.application.port.in.ManagePricing;
import dev.moeserve.application.port.in.ModelPricing;
import dev.moeserve.application.port.in.NewPriceCommand;
import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.application.port.in.PreviewCommand;
import dev.moeserve.application.port.in.PriceHistory;
import dev.moeserve.application.port.out.AdminAuditLog;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.PriceBook;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.Charge;
import dev.moeserve.domain.pricing.ChargeCalculator;
import dev.moeserve.domain.pricing.ChargeContext;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantProfile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pricing side of the admin API: price versions, promotions, previews, and which models are priced.
 * Every change is written to the admin audit log in the same transaction as the change itself.
 */
public final class PricingAdministration implements ManagePricing {
    /**
     * The tenant a preview without a tenant is priced for: no tenant id is ever this text (ids are
     * UUIDs), so tenant- and plan-scoped promotions do not apply, exactly as for an unknown caller.
     */
    private static final String NO_TENANT = "(no tenant)";

    private final PriceBook priceBook;
    private final TenantDirectory tenants;
    private final ModelCatalog models;
    private final Clock clock;
    private final ChargeCalculator calculator = new ChargeCalculator();
    private final AdminAccess access = new AdminAccess();
    private final AuditedChanges audited;

    public PricingAdministration(PriceBook priceBook, TenantDirectory tenants, ModelCatalog models, Clock clock,
                                 UnitOfWork unitOfWork, AdminAuditLog auditLog) {
        this.priceBook = priceBook;
        this.tenants = tenants;
        this.models = models;
        this.clock = clock;
        this.audited = new AuditedChanges(unitOfWork, auditLog, clock);
    }

    @Override
    public PriceVersion addPrice(Operator operator, NewPriceCommand command) {
        access.requireChange(operator);
        return audited.run(operator, "price.add",
                () -> priceBook.history(command.model()).stream().findFirst().map(PricingAdministration::versionJson).orElse(null),
                () -> addPriceNow(command), v -> "model:" + command.model(), PricingAdministration::versionJson);
    }

    private PriceVersion addPriceNow(NewPriceCommand command) {
        Instant now = clock.instant();
        Instant effectiveFrom = command.effectiveFrom().orElse(now);
        if (effectiveFrom.isBefore(now)) {
            throw invalidEffectiveFrom(effectiveFrom + " is in the past: requests already charged are never re-priced;"
                    + " give a time from now on, or leave it out for now.");
        }
        priceBook.history(command.model()).stream().findFirst().ifPresent(latest -> {
            if (!effectiveFrom.isAfter(latest.tier().effectiveFrom())) {
                throw invalidEffectiveFrom("must be after the latest version's (" + latest.version() + ", effective from "
                        + latest.tier().effectiveFrom() + "), got " + effectiveFrom + ".");
            }
        });
        try {
            return priceBook.addTier(command.model(), command.currency(), command.prices(), effectiveFrom, now);
        } catch (IllegalArgumentException e) {
            // another admin added a version in between: the same refusal as checked above
            throw invalidEffectiveFrom(e.getMessage());
        }
    }

    @Override
    public List<PriceHistory> prices(Operator operator, Optional<String> model) {
        access.requireRead(operator);
        Instant now = clock.instant();
        if (model.isPresent()) {
            List<PriceVersion> versions = priceBook.history(model.get());
            if (versions.isEmpty()) {
                throw ApplicationException.notFound("price_not_found", "Model '" + model.get() + "' has no price tier.");
            }
            return List.of(new PriceHistory(model.get(), versions, inForceAt(versions, now)));
        }
        return priceBook.pricedModels().stream().map(m -> {
            List<PriceVersion> versions = priceBook.history(m);
            return new PriceHistory(m, versions, inForceAt(versions, now));
        }).toList();
    }

    @Override
    public Promotion addPromotion(Operator operator, NewPromotionCommand command) {
        access.requireChange(operator);
        return audited.run(operator, "promotion.add", () -> null, () -> addPromotionNow(command),
                p -> "promotion:" + p.id(), PricingAdministration::promotionJson);
    }

    private Promotion addPromotionNow(NewPromotionCommand command) {
        Instant now = clock.instant();
        Instant startsAt = command.startsAt().orElse(now);
        command.endsAt().ifPresent(end -> {
            if (!end.isAfter(now)) {
                throw ApplicationException.invalidRequest("invalid_value",
                        "Invalid value for 'ends_at': " + end + " is not in the future, so the promotion would never apply.");
            }
            if (!end.isAfter(startsAt)) {
                throw ApplicationException.invalidRequest("invalid_value",
                        "Invalid value for 'ends_at': must be after starts_at (" + startsAt + "), got " + end + ".");
            }
        });
        for (TenantId tenant : command.tenants()) {
            if (tenants.tenant(tenant).isEmpty()) {
                throw ApplicationException.invalidRequest("invalid_value",
                        "Invalid value for 'tenants': no tenant with id '" + tenant + "'.");
            }
        }
        return priceBook.addPromotion(new PriceBook.PromotionSpec(command.name(), command.percentOff(),
                command.tokenClasses(), command.models(),
                command.tenants().stream().map(TenantId::toString).collect(Collectors.toSet()),
                command.plans(), startsAt, command.endsAt(), command.stackable(), command.offPeak()));
    }

    @Override
    public List<Promotion> promotions(Operator operator) {
        access.requireRead(operator);
        return priceBook.allPromotions();
    }

    @Override
    public Promotion promotion(Operator operator, String id) {
        access.requireRead(operator);
        return priceBook.promotion(id).orElseThrow(() -> promotionNotFound(id));
    }

    @Override
    public Promotion endPromotion(Operator operator, String id) {
        access.requireChange(operator);
        return audited.run(operator, "promotion.end", () -> priceBook.promotion(id).map(PricingAdministration::promotionJson).orElse(null),
                () -> {
                    if (!priceBook.endPromotion(id, clock.instant())) {
                        throw promotionNotFound(id);
                    }
                    return priceBook.promotion(id).orElseThrow(() -> promotionNotFound(id));
                }, p -> "promotion:" + id, PricingAdministration::promotionJson);
    }

    @Override
    public ChargePreview preview(Operator operator, PreviewCommand command) {
        access.requireRead(operator);
        Instant at = command.at().orElseGet(clock::instant);
        Optional<TenantProfile> tenant = command.tenant()
                .map(id -> tenants.tenant(id).orElseThrow(() -> TenantAdministration.tenantNotFound(id)));
        ChargeContext context = ChargeContext.of(command.model(), tenant.map(t -> t.id().toString()).orElse(NO_TENANT), at);
        Optional<String> plan = tenant.flatMap(t -> t.limits().plan());
        if (plan.isPresent()) {
            context = context.onPlan(plan.get());
        }
        Optional<PriceVersion> version = inForceAt(priceBook.history(command.model()), at);
        ChargeContext pricedFor = context;
        Optional<Charge> charge = version.map(v ->
                calculator.charge(command.tokens(), v.tier(), priceBook.promotionsAt(at), pricedFor));
        return new ChargePreview(command.model(), command.tenant(), at, version, charge);
    }

    @Override
    public List<ModelPricing> models(Operator operator) {
        access.requireRead(operator);
        Instant now = clock.instant();
        return models.all().stream()
                .map(m -> new ModelPricing(m.id(), m.backend(), m.contextLength(), m.loadedAt(),
                        inForceAt(priceBook.history(m.id()), now)))
                .toList();
    }

    /** The version in force at {@code at}: the newest that took effect at or before it. */
    private static Optional<PriceVersion> inForceAt(List<PriceVersion> newestFirst, Instant at) {
        return newestFirst.stream().filter(v -> !v.tier().effectiveFrom().isAfter(at)).findFirst();
    }

    private static String versionJson(PriceVersion v) {
        return AuditJson.object("model", v.tier().modelId(), "version", v.version(), "version_id", v.tier().versionId(),
                "effective_from", v.tier().effectiveFrom(), "currency", v.tier().currency().getCurrencyCode(),
                "prices", v.tier().prices());
    }

    private static String promotionJson(Promotion p) {
        return AuditJson.object("id", p.id(), "name", p.name(), "adjustments", p.adjustments(), "window", p.window(),
                "off_peak", p.offPeak(), "scope", p.scope(), "stackable", p.stackable());
    }

    private static ApplicationException invalidEffectiveFrom(String why) {
        return ApplicationException.invalidRequest("invalid_value", "Invalid value for 'effective_from': " + why);
    }

    private static ApplicationException promotionNotFound(String id) {
        return ApplicationException.notFound("promotion_not_found", "No promotion with id '" + id + "'.");
    }
}
