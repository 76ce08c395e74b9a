package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.net.URI;

/**
 * Sign-in and sign-out. The credential is an operator token (the admin API's: an admin or auditor
 * token); a session cookie then stands for it, and the token itself never returns to the browser.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
@Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.ALL})
final class ConsoleLoginController {
    static final String HOME = "/console/pricing";

    private final ConsoleAccess access;

    ConsoleLoginController(ConsoleAccess access) {
        this.access = access;
    }

    @Get
    HttpResponse<?> home() {
        return HttpResponse.seeOther(URI.create(HOME));
    }

    @Get("/login")
    HttpResponse<?> loginPage(HttpRequest<?> request) {
        if (access.session(request).isPresent()) {
            return HttpResponse.seeOther(URI.create(HOME));
        }
        return ConsoleView.anonymous("console/login").ok();
    }

    @Post("/login")
    HttpResponse<?> signIn(HttpRequest<?> request, @Nullable @Body String body) {
        String token = FormData.parse(body).text("token").orElse("");
        try {
            ConsoleSession session = access.signIn(token);
            return HttpResponse.seeOther(URI.create(HOME))
                    .cookie(ConsoleAccess.cookie(request, session.id(), ConsoleSessions.MAX_LIFETIME.toSeconds()));
        } catch (ApplicationException e) {
            return ConsoleView.anonymous("console/login")
                    .with("error", token.isBlank() ? "Paste your admin or auditor token to sign in." : "That token is not an operator token.")
                    .respond(HttpStatus.UNAUTHORIZED);
        }
    }

    @Post("/logout")
    HttpResponse<?> signOut(HttpRequest<?> request, @Nullable @Body String body) {
        try {
            access.signOut(request, FormData.parse(body));
        } catch (ApplicationException e) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).body(e.getMessage()).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
        return HttpResponse.seeOther(URI.create(ConsoleAccess.LOGIN_PATH)).cookie(ConsoleAccess.cookie(request, "", 0));
    }
}
