package dev.moeserve.application.error;

/**
 * A request the application refuses, with an OpenAI-style error {@code type} and {@code code}.
 * Adapters map the {@link Kind} to their protocol's status (HTTP 400, 401, 404, ...).
 */
public class ApplicationException extends RuntimeException {

    /** What went wrong, independent of any protocol. */
    public enum Kind { INVALID_REQUEST, UNAUTHENTICATED, NOT_FOUND, UNAVAILABLE }

    private final Kind kind;
    private final String code;

    public ApplicationException(Kind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public Kind kind() {
        return kind;
    }

    /** Machine-readable reason, e.g. {@code model_not_found}, {@code invalid_api_key}. */
    public String code() {
        return code;
    }

    public static ApplicationException invalidRequest(String code, String message) {
        return new ApplicationException(Kind.INVALID_REQUEST, code, message);
    }

    public static ApplicationException unauthenticated(String message) {
        return new ApplicationException(Kind.UNAUTHENTICATED, "invalid_api_key", message);
    }

    public static ApplicationException modelNotFound(String model) {
        return new ApplicationException(Kind.NOT_FOUND, "model_not_found",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }
}
