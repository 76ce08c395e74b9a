package dev.moeserve.adapters.web.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

import java.net.URI;

/** Sends a browser without a session to the sign-in page; an htmx request is told to do the same. */
@Singleton
final class NotSignedInHandler implements ExceptionHandler<NotSignedIn, HttpResponse<?>> {
    @Override
    public HttpResponse<?> handle(HttpRequest request, NotSignedIn exception) {
        if (request.getHeaders().contains("HX-Request")) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header("HX-Redirect", ConsoleAccess.LOGIN_PATH);
        }
        return HttpResponse.seeOther(URI.create(ConsoleAccess.LOGIN_PATH));
    }
}
