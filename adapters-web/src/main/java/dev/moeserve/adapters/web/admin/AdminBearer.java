package dev.moeserve.adapters.web.admin;

/**
 * Reads the operator token from an {@code Authorization: Bearer <token>} header.
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
}
