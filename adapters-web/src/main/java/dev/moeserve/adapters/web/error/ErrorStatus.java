package dev.moeserve.adapters.web.error;

import dev.moeserve.application.error.ApplicationException;
import io.micronaut.http.HttpStatus;

/** The one place that maps application refusals and HTTP statuses to OpenAI error types. */
public final class ErrorStatus {
    private ErrorStatus() {
    }

    public static HttpStatus of(ApplicationException.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> HttpStatus.BAD_REQUEST;
            case INVALID_PARAMETER -> HttpStatus.UNPROCESSABLE_ENTITY;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case INSUFFICIENT_BALANCE -> HttpStatus.PAYMENT_REQUIRED;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** OpenAI's {@code error.type} for a status. */
    static String type(int status) {
        return switch (status) {
            case 400, 404, 405, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    /** A stable machine-readable code for statuses raised by the HTTP layer itself. */
    static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "invalid_api_key";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }
}
