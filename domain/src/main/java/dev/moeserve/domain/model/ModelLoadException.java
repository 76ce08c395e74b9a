package dev.moeserve.domain.model;

/** A checkpoint cannot be turned into a model; the message names the culprit (file, tensor or field). */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
