package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.ScrapeMetrics;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * {@code GET /metrics} in Prometheus format. Unauthenticated like most Prometheus targets: it carries
 * counts per model and backend, never per tenant; keep the port off the public network.
 */
@Controller
final class MetricsController {
    private final ScrapeMetrics metrics;

    MetricsController(ScrapeMetrics metrics) {
        this.metrics = metrics;
    }

    @Get(uri = "/metrics", produces = "text/plain; version=0.0.4; charset=utf-8")
    String scrape() {
        return metrics.prometheusText();
    }
}
