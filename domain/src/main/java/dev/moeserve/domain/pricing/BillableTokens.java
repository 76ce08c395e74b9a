package dev.moeserve.domain.pricing;

/**
 * How many tokens of each {@link TokenClass} one request is billed for. Maps one to one onto
 * DeepSeek's usage fields: {@code prompt_cache_hit_tokens}, {@code prompt_cache_miss_tokens},
 * {@code completion_tokens}.
 */
public record BillableTokens(long inputCacheHit, long inputCacheMiss, long output) {

    public static final BillableTokens NONE = new BillableTokens(0, 0, 0);

    public BillableTokens {
        if (inputCacheHit < 0 || inputCacheMiss < 0 || output < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + inputCacheHit + ", " + inputCacheMiss + ", " + output);
        }
    }

    public static BillableTokens of(long inputCacheHit, long inputCacheMiss, long output) {
        return new BillableTokens(inputCacheHit, inputCacheMiss, output);
    }

    public long of(TokenClass tokenClass) {
        return switch (tokenClass) {
            case INPUT_CACHE_HIT -> inputCacheHit;
            case INPUT_CACHE_MISS -> inputCacheMiss;
            case OUTPUT -> output;
        };
    }

    public long total() {
        return Math.addExact(Math.addExact(inputCacheHit, inputCacheMiss), output);
    }
}
