package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * What one request costs, with its breakdown: one {@link ChargeLine} per {@link TokenClass} (list
 * price, effective price, promotions applied, exact amounts), the price version used, and the
 * total rounded once by {@link ChargeRounding}.
 *
 * <p>Sums hold exactly, in this sense:
 * <ul>
 *   <li>{@code sum(line.amount) == exactTotal()}, {@code sum(line.listAmount) == listTotal()},
 *       {@code sum(line.discount) == discount() == listTotal() - exactTotal()}, all with no rounding;</li>
 *   <li>{@code total() == exactTotal() + roundingAdjustment()}, where {@code total()} is
 *       {@code exactTotal()} rounded HALF_EVEN to 6 places, so the adjustment is at most half a
 *       micro-unit either way.</li>
 * </ul>
 * {@link #total()} is what the tenant pays.
 *
 * @param pricedAt the instant the request started, at which tier and promotions were taken
 * @param lines    exactly one line per token class, in {@link TokenClass} order
 */
public record Charge(String modelId, String priceVersionId, Instant pricedAt, Currency currency, List<ChargeLine> lines) {

    public Charge {
        PriceTier.requireText(modelId, "modelId");
        PriceTier.requireText(priceVersionId, "priceVersionId");
        Objects.requireNonNull(pricedAt, "pricedAt");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        TokenClass[] classes = TokenClass.values();
        if (lines.size() != classes.length) {
            throw new IllegalArgumentException("a charge has one line per token class, got " + lines.size());
        }
        for (int i = 0; i < classes.length; i++) {
            ChargeLine line = lines.get(i);
            if (line.tokenClass() != classes[i]) {
                throw new IllegalArgumentException("charge lines must follow token class order, found " + line.tokenClass() + " at " + i);
            }
            if (!line.amount().hasCurrency(currency)) {
                throw new IllegalArgumentException("line " + line.tokenClass() + " is in " + line.amount().currency() + ", not " + currency);
            }
        }
    }

    public ChargeLine line(TokenClass tokenClass) {
        return lines.get(tokenClass.ordinal());
    }

    public BillableTokens tokens() {
        return BillableTokens.of(line(TokenClass.INPUT_CACHE_HIT).tokens(),
                line(TokenClass.INPUT_CACHE_MISS).tokens(), line(TokenClass.OUTPUT).tokens());
    }

    /** Sum of the exact per-class amounts at effective prices. */
    public Money exactTotal() {
        return lines.stream().map(ChargeLine::amount).reduce(Money.zero(currency), Money::plus);
    }

    /** What the tenant pays: {@link #exactTotal()} rounded by {@link ChargeRounding}. */
    public Money total() {
        return ChargeRounding.apply(exactTotal());
    }

    /** {@code total() - exactTotal()}: what rounding added (positive) or waived (negative). */
    public Money roundingAdjustment() {
        return total().minus(exactTotal());
    }

    /** What the request would have cost at list prices, exact. */
    public Money listTotal() {
        return lines.stream().map(ChargeLine::listAmount).reduce(Money.zero(currency), Money::plus);
    }

    /** What promotions saved, exact: {@code listTotal() - exactTotal()}. */
    public Money discount() {
        return lines.stream().map(ChargeLine::discount).reduce(Money.zero(currency), Money::plus);
    }

    /** Every promotion applied to any class, each once, in token class order of first use. */
    public List<Promotion> promotions() {
        return lines.stream().flatMap(line -> line.promotions().stream()).distinct().toList();
    }
}
