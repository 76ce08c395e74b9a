package dev.moeserve.infrastructure.metrics;

import dev.moeserve.application.port.in.ScrapeMetrics;
import dev.moeserve.application.port.out.ServingMetrics;
import dev.moeserve.domain.usage.TokenCounts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Serving metrics in Micrometer, scraped in Prometheus format: queue depth and running sequences per
 * model, token counters by class (rate() of them is tokens/s; hit / (hit + miss) is the cache-hit ratio),
 * and the time to first token.
 */
public final class PrometheusServingMetrics implements ServingMetrics, ScrapeMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Override
    public void engineStarted(String model, String backend, IntSupplier queueDepth, IntSupplier activeSequences) {
        Tags tags = Tags.of("model", model, "backend", backend);
        Gauge.builder("moeserve_queue_depth", queueDepth::getAsInt).description("requests waiting for a batch place")
                .tags(tags).register(registry);
        Gauge.builder("moeserve_active_sequences", activeSequences::getAsInt).description("sequences being generated")
                .tags(tags).register(registry);
    }

    @Override
    public void completed(String model, String backend, TokenCounts tokens, Optional<Duration> timeToFirstToken) {
        Tags tags = Tags.of("model", model, "backend", backend);
        Counter.builder("moeserve_requests").tags(tags).register(registry).increment();
        tokens(tags, "input_cache_hit", tokens.promptCacheHitTokens());
        tokens(tags, "input_cache_miss", tokens.promptCacheMissTokens());
        tokens(tags, "output", tokens.completionTokens());
        timeToFirstToken.ifPresent(d -> Timer.builder("moeserve_time_to_first_token").tags(tags)
                .publishPercentiles(0.5, 0.9, 0.99).register(registry).record(d));
    }

    private void tokens(Tags tags, String tokenClass, long count) {
        Counter.builder("moeserve_tokens").description("tokens by class: input_cache_hit, input_cache_miss, output")
                .tags(tags.and("class", tokenClass)).register(registry).increment(count);
    }

    @Override
    public String prometheusText() {
        return registry.scrape();
    }
}
