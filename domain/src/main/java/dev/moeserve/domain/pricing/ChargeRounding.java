package dev.moeserve.domain.pricing;

import java.math.RoundingMode;

/**
 * The one rounding rule of pricing, applied once per request, to its total and to nothing else:
 *
 * <blockquote><b>total = (sum of the exact per-class amounts), rounded HALF_EVEN to 6 decimal
 * places</b> (micro-units of the currency, e.g. $0.000001).</blockquote>
 *
 * <ul>
 *   <li>Per-class amounts ({@code tokens * price per million / 1_000_000}), list amounts and
 *       discounts stay exact, so the parts add up to the exact total with no residue.</li>
 *   <li>Six places whatever the currency's minor unit: one token costs far less than a cent, and
 *       rounding each request to cents would lose or invent real money over millions of requests.
 *       Turning micro-units into cents is invoicing's job, not the meter's.</li>
 *   <li>HALF_EVEN (banker's rounding) so that rounding errors cancel out over many requests
 *       instead of drifting one way.</li>
 *   <li>The rule is monotone: a request that costs no more exactly never costs more rounded, which is
 *       why a reservation rounded by the same rule always covers the settled charge.</li>
 * </ul>
 */
public final class ChargeRounding {

    /** Decimal places of a rounded total: micro-units. */
    public static final int SCALE = 6;

    public static final RoundingMode MODE = RoundingMode.HALF_EVEN;

    private ChargeRounding() {
    }

    public static Money apply(Money exactTotal) {
        return exactTotal.rounded(SCALE, MODE);
    }
}
