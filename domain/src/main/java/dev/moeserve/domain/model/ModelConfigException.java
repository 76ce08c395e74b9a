package dev.moeserve.domain.model;

/** A config.json field is missing, malformed or has a value this engine does not implement. */
public class ModelConfigException extends ModelLoadException {
    private final String field;

    public ModelConfigException(String field, String message) {
        super("config.json: " + field + ": " + message);
        this.field = field;
    }

    /** The config.json field at fault, as config.json spells it (e.g. {@code rope_scaling.type}). */
    public String field() {
        return field;
    }
}
