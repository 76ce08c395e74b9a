package dev.moeserve.adapters.web.console;

import java.util.Map;

/**
 * Where the console's scripts and styles are served from: moeserve itself, never a CDN (the machines
 * it runs on may have no internet). The libraries come from their WebJars; the versions here must
 * match the pom's, which a test checks against the classpath.
 */
final class ConsoleAssets {
    static final String HTMX = "/console/lib/htmx.org/2.0.7/dist/htmx.min.js";
    static final String CHART_JS = "/console/lib/chart.js/4.4.1/dist/chart.umd.js";
    static final String CSS = "/console/static/console.css";
    static final String CHARTS = "/console/static/charts.js";

    static final Map<String, String> PATHS = Map.of("htmx", HTMX, "chartJs", CHART_JS, "css", CSS, "charts", CHARTS);

    private ConsoleAssets() {
    }
}
