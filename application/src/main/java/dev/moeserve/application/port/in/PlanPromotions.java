package dev.moeserve.application.port.in;

import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.EffectivePrice;
import dev.moeserve.domain.pricing.TokenClass;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Inbound port: what a promotion would do before it is saved. Everything here only reads, so auditors
 * may use it too; saving stays {@link ManagePricing#addPromotion}.
 */
public interface PlanPromotions {

    /**
     * The effective price per token class of each model the draft covers, without and with the draft,
     * at the first instant the draft would apply (its start, moved into its off-peak hours if it has any).
     */
    DraftPreview preview(Operator operator, NewPromotionCommand draft);

    /** The effective prices in force now for a caller without tenant- or plan-scoped promotions. */
    List<ModelPrices> pricesNow(Operator operator);

    /**
     * Last month's usage (or {@code month}'s) re-priced with the draft in force all month, against the same
     * usage re-priced as it was: what the promotion would have cost in revenue.
     */
    WhatIf whatIf(Operator operator, NewPromotionCommand draft, YearMonth month);

    record ModelPrices(String model, Currency currency, Map<TokenClass, EffectivePrice> prices) {
        public ModelPrices {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(currency, "currency");
            prices = Map.copyOf(prices);
        }
    }

    /** One model's prices per class now (without the draft) and with it. */
    record DraftModel(String model, Currency currency, Map<TokenClass, EffectivePrice> without,
                      Map<TokenClass, EffectivePrice> with) {
        public DraftModel {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(currency, "currency");
            without = Map.copyOf(without);
            with = Map.copyOf(with);
        }
    }

    record DraftPreview(Instant at, List<DraftModel> models) {
        public DraftPreview {
            Objects.requireNonNull(at, "at");
            models = List.copyOf(models);
        }
    }

    /**
     * Per currency: what was charged, the same usage re-priced without the draft (the two differ only by
     * the per-request rounding and prices changed since), and re-priced with it.
     */
    record WhatIfTotal(Currency currency, long requests, BigDecimal charged, BigDecimal repricedWithout,
                       BigDecimal repricedWith) {
        public WhatIfTotal {
            Objects.requireNonNull(currency, "currency");
        }

        /** Revenue the promotion would have given away (positive) on that usage. */
        public BigDecimal cost() {
            return repricedWithout.subtract(repricedWith);
        }
    }

    record WhatIf(YearMonth month, List<WhatIfTotal> totals) {
        public WhatIf {
            Objects.requireNonNull(month, "month");
            totals = List.copyOf(totals);
        }
    }
}
