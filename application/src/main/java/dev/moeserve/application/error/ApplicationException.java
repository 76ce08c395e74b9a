package dev.moeserve.application.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A request the application refuses, with an OpenAI-style error {@code type} and {@code code}.
 * Adapters map the {@link Kind} to their protocol's status (HTTP 400, 401, 404, ...).
 */
public class ApplicationException extends RuntimeException {

    /** What went wrong, independent of any protocol. */
    public enum Kind { INVALID_REQUEST, INVALID_PARAMETER, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, INSUFFICIENT_BALANCE, RATE_LIMITED, UNAVAILABLE }

    private final Kind kind;
    private final String code;
    private final Duration retryAfter;

    public ApplicationException(Kind kind, String code, String message) {
        this(kind, code, message, null);
    }

    public ApplicationException(Kind kind, String code, String message, Duration retryAfter) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** For rate limits: when the client may try again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
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

    /** A parameter outside its range; the DeepSeek API answers these with 422. */
    public static ApplicationException invalidParameter(String message) {
        return new ApplicationException(Kind.INVALID_PARAMETER, "invalid_parameter", message);
    }

    public static ApplicationException unauthenticated(String message) {
        return new ApplicationException(Kind.UNAUTHENTICATED, "invalid_api_key", message);
    }

    public static ApplicationException insufficientBalance(String message) {
        return new ApplicationException(Kind.INSUFFICIENT_BALANCE, "insufficient_balance", message);
    }

    public static ApplicationException rateLimited(String message, Duration retryAfter) {
        return new ApplicationException(Kind.RATE_LIMITED, "rate_limit_exceeded", message, retryAfter);
    }

    public static ApplicationException forbidden(String message) {
        return new ApplicationException(Kind.FORBIDDEN, "permission_denied", message);
    }

    public static ApplicationException notFound(String code, String message) {
        return new ApplicationException(Kind.NOT_FOUND, code, message);
    }

    public static ApplicationException modelNotFound(String model) {
        return new ApplicationException(Kind.NOT_FOUND, "model_not_found",
                "The model `" + model + "` does not exist or you do not have access to it.");
    }
}
