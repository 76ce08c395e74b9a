package dev.moeserve.application.port.in;

import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;

import java.util.List;
import java.util.Optional;

/**
 * Inbound port: operators manage the price book (versioned tiers per model, promotions) and preview
 * charges. Reads are open to every operator, changes to admins only.
 */
public interface ManagePricing {
    PriceVersion addPrice(Operator operator, NewPriceCommand command);

    /** Every priced model's history, or only {@code model}'s (NOT_FOUND when it was never priced). */
    List<PriceHistory> prices(Operator operator, Optional<String> model);

    Promotion addPromotion(Operator operator, NewPromotionCommand command);

    /** Every promotion, newest first, ended ones included. */
    List<Promotion> promotions(Operator operator);

    Promotion promotion(Operator operator, String id);

    /** Ends the promotion now: requests starting from now on pay without it. Ending an ended one changes nothing. */
    Promotion endPromotion(Operator operator, String id);

    ChargePreview preview(Operator operator, PreviewCommand command);

    /** The served models, flagging those without a price tier (served at zero charge). */
    List<ModelPricing> models(Operator operator);
}
