package dev.moeserve.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/** List prices per million tokens for each {@link TokenClass}, in the currency of the tier that holds them. */
public record TokenPrices(BigDecimal inputCacheHit, BigDecimal inputCacheMiss, BigDecimal output) {

    public TokenPrices {
        inputCacheHit = nonNegative(inputCacheHit, "inputCacheHit");
        inputCacheMiss = nonNegative(inputCacheMiss, "inputCacheMiss");
        output = nonNegative(output, "output");
    }

    /** Decimal strings in DeepSeek's order: cache hit, cache miss, output. */
    public static TokenPrices perMillion(String inputCacheHit, String inputCacheMiss, String output) {
        return new TokenPrices(new BigDecimal(inputCacheHit), new BigDecimal(inputCacheMiss), new BigDecimal(output));
    }

    public BigDecimal of(TokenClass tokenClass) {
        return switch (tokenClass) {
            case INPUT_CACHE_HIT -> inputCacheHit;
            case INPUT_CACHE_MISS -> inputCacheMiss;
            case OUTPUT -> output;
        };
    }

    private static BigDecimal nonNegative(BigDecimal price, String name) {
        Objects.requireNonNull(price, name);
        if (price.signum() < 0) {
            throw new IllegalArgumentException(name + " price must not be negative: " + price.toPlainString());
        }
        return Money.canonical(price);
    }
}
