package dev.moeserve.adapters.web.admin;

import io.micronaut.http.context.ServerRequestContext;

import java.net.InetSocketAddress;

/**
 * Reads the operator token from an {@code Authorization: Bearer <token>} header, and the address the
 * request came from, which the audit log records with every change.
 */
final class AdminBearer {
    private static final String SCHEME = "bearer ";

    private AdminBearer() {
    }

    /** The token, or null when the header is missing or not a bearer credential. */
    static String from(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).strip();
    }

    /**
     * The peer address of the request being served (the last hop: behind a proxy, the proxy's), or
     * null outside a request. Read from the request context so the controllers' signatures stay as
     * they are.
     */
    static String clientAddress() {
        return ServerRequestContext.currentRequest()
                .map(request -> {
                    InetSocketAddress remote = request.getRemoteAddress();
                    return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
                })
                .orElse(null);
    }
}
