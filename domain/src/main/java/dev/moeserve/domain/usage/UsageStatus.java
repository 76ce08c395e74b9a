package dev.moeserve.domain.usage;

/** How a metered request ended. */
public enum UsageStatus {
    /** Generation ran to a stop token, a stop string or max_tokens. */
    COMPLETED,
    /** The client went away; the tokens produced until then are billed. */
    CANCELLED,
    /** The request failed before producing a token; it costs nothing. */
    FAILED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
