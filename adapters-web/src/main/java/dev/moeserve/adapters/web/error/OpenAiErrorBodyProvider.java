package dev.moeserve.adapters.web.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Errors raised by the HTTP layer itself (unparseable body, body too large, unknown route)
 * get the same OpenAI shape as the application's own, so clients parse one format.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class OpenAiErrorBodyProvider implements JsonErrorResponseBodyProvider<OpenAiError> {

    @Override
    public OpenAiError body(ErrorContext context, HttpResponse<?> response) {
        int status = response.code();
        String message = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        if (message.isBlank()) {
            message = response.reason();
        }
        if (status == 413) {
            message = "Request body too large: " + message;
        }
        return OpenAiError.of(message, ErrorStatus.type(status), ErrorStatus.code(status));
    }
}
