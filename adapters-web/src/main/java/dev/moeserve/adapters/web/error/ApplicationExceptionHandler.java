package dev.moeserve.adapters.web.error;

import dev.moeserve.application.error.ApplicationException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns a refused request into its HTTP status with an OpenAI-shaped body. */
@Produces
@Singleton
@Requires(classes = {ApplicationException.class, ExceptionHandler.class})
final class ApplicationExceptionHandler implements ExceptionHandler<ApplicationException, HttpResponse<OpenAiError>> {

    @Override
    public HttpResponse<OpenAiError> handle(HttpRequest request, ApplicationException e) {
        HttpStatus status = ErrorStatus.of(e.kind());
        MutableHttpResponse<OpenAiError> response = HttpResponse.<OpenAiError>status(status)
                .body(OpenAiError.of(e.getMessage(), ErrorStatus.type(status.getCode()), e.code()));
        // whole seconds, rounded up, as HTTP's Retry-After wants
        e.retryAfter().ifPresent(d -> response.header(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
        return response;
    }
}
