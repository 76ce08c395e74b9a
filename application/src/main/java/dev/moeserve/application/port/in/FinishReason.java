package dev.moeserve.application.port.in;

/** Why generation stopped, with the OpenAI wire names. */
public enum FinishReason {
    /** The model produced its end-of-sequence token (or a stop string). */
    STOP,
    /** max_tokens or the context length was reached. */
    LENGTH;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
