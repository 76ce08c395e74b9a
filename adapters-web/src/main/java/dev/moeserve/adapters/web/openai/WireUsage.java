package dev.moeserve.adapters.web.openai;

import dev.moeserve.domain.usage.TokenCounts;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * Token usage with both vocabularies: DeepSeek's {@code prompt_cache_hit_tokens}/{@code _miss_tokens}
 * and OpenAI's {@code prompt_tokens_details.cached_tokens}.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record WireUsage(
        int promptTokens,
        int completionTokens,
        int totalTokens,
        int promptCacheHitTokens,
        int promptCacheMissTokens,
        PromptTokensDetails promptTokensDetails) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record PromptTokensDetails(int cachedTokens) {
    }

    static WireUsage of(TokenCounts t) {
        return new WireUsage(t.promptTokens(), t.completionTokens(), t.totalTokens(),
                t.promptCacheHitTokens(), t.promptCacheMissTokens(), new PromptTokensDetails(t.promptCacheHitTokens()));
    }
}
