package dev.moeserve.application.port.in;

/** Inbound port: the current metrics in the Prometheus text exposition format. */
public interface ScrapeMetrics {
    String prometheusText();
}
