package dev.moeserve.domain.pricing;

import java.util.Locale;

/** The three separately priced kinds of token, in the order DeepSeek lists their prices. */
public enum TokenClass {
    /** Prompt tokens served from the prefix (context) cache: prefill skipped, so they are cheapest. */
    INPUT_CACHE_HIT,
    /** Prompt tokens that had to be prefilled. */
    INPUT_CACHE_MISS,
    /** Generated (completion) tokens. */
    OUTPUT;

    /** The snake_case name used on the wire, e.g. {@code "input_cache_hit"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #wireName()}. */
    public static TokenClass fromWireName(String wireName) {
        for (TokenClass c : values()) {
            if (c.wireName().equals(wireName)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown token class: " + wireName);
    }
}
