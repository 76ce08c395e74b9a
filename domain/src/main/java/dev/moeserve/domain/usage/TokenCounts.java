package dev.moeserve.domain.usage;

/**
 * Tokens of one request by class. {@code promptCacheHitTokens + promptCacheMissTokens == promptTokens}:
 * hits are prompt tokens served from the prefix (context) cache, billed at the cache-hit price.
 */
public record TokenCounts(int promptTokens, int promptCacheHitTokens, int completionTokens) {
    public TokenCounts {
        if (promptTokens < 0 || completionTokens < 0 || promptCacheHitTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
        if (promptCacheHitTokens > promptTokens) {
            throw new IllegalArgumentException("cache hits (" + promptCacheHitTokens + ") exceed prompt tokens (" + promptTokens + ")");
        }
    }

    public int promptCacheMissTokens() {
        return promptTokens - promptCacheHitTokens;
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
