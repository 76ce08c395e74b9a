package dev.moeserve.adapters.web.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Browser hardening for every console response: scripts and styles only from moeserve itself (the
 * templates have no inline script), no framing, no caching of pages that show account data, and no
 * referrer leaking ids in URLs to other sites.
 */
@ServerFilter("/console/**")
final class ConsoleHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    void harden(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer Chrome sends "Origin: null" on form posts, which the server refuses
        response.header("Referrer-Policy", "same-origin");
        if (!request.getPath().startsWith("/console/static/") && !request.getPath().startsWith("/console/lib/")) {
            response.header("Cache-Control", "no-store");
        }
    }
}
