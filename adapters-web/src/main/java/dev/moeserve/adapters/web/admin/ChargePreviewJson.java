package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.application.port.in.ChargePreview;
import dev.moeserve.domain.pricing.Charge;
import dev.moeserve.domain.pricing.ChargeLine;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.tenancy.TenantId;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * What a request would cost: per token class the list and effective price per million, the promotions
 * behind the difference and the exact amounts; then the totals, with {@code total} rounded once as the
 * ledger rounds it. {@code priced} is false for a model without a price at that time: it is served at
 * zero charge, and the breakdown is empty.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ChargePreviewJson(String model, String tenant, String at, boolean priced, String priceVersion,
                         Integer priceVersionNumber, String currency, List<LineJson> lines, String listTotal,
                         String discount, String exactTotal, String total, List<String> promotionIds) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record LineJson(String tokenClass, long tokens, String listPrice, String effectivePrice,
                    List<PromotionRef> promotions, String listAmount, String amount, String discount) {
        static LineJson of(ChargeLine l) {
            return new LineJson(l.tokenClass().wireName(), l.tokens(), Decimals.text(l.listPerMillion().amount()),
                    Decimals.text(l.effectivePerMillion().amount()),
                    l.promotions().stream().map(PromotionRef::of).toList(),
                    Decimals.text(l.listAmount().amount()), Decimals.text(l.amount().amount()),
                    Decimals.text(l.discount().amount()));
        }
    }

    @Serdeable
    record PromotionRef(String id, String name) {
        static PromotionRef of(Promotion p) {
            return new PromotionRef(p.id(), p.name());
        }
    }

    static ChargePreviewJson of(ChargePreview p) {
        String tenant = p.tenant().map(TenantId::toString).orElse(null);
        if (p.charge().isEmpty() || p.version().isEmpty()) {
            return new ChargePreviewJson(p.model(), tenant, p.at().toString(), false, null, null, null, List.of(),
                    "0", "0", "0", "0", List.of());
        }
        Charge c = p.charge().get();
        return new ChargePreviewJson(p.model(), tenant, p.at().toString(), true, c.priceVersionId(),
                p.version().get().version(), c.currency().getCurrencyCode(),
                c.lines().stream().map(LineJson::of).toList(),
                Decimals.text(c.listTotal().amount()), Decimals.text(c.discount().amount()),
                Decimals.text(c.exactTotal().amount()), Decimals.text(c.total().amount()),
                c.promotions().stream().map(Promotion::id).toList());
    }
}
