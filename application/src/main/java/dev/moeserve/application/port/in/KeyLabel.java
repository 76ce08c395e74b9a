package dev.moeserve.application.port.in;

/** The label of a new API key, to tell keys apart in listings: at most 200 characters, blank for none. */
public record KeyLabel(String text) {
    public KeyLabel {
        text = text == null || text.isBlank() ? "" : Fields.text(text, "label", 200);
    }
}
