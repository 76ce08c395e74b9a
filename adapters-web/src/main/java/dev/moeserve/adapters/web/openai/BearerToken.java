package dev.moeserve.adapters.web.openai;

/** Reads the API key from an {@code Authorization: Bearer <key>} header. */
final class BearerToken {
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /** The key, or null when the header is missing or not a bearer credential. */
    static String from(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        return authorization.substring(SCHEME.length()).strip();
    }
}
