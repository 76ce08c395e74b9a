package dev.moeserve.adapters.web.console;

import dev.moeserve.adapters.web.edge.ClientAddresses;
import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Who is signed in to the console, checked on every request the same way as the admin API checks a
 * bearer token: the session's operator token is re-authenticated, so roles and revocations apply at
 * once. Every change also needs the session's CSRF token, sent as the form field {@code _csrf} or the
 * header {@code X-CSRF-Token}; the cookie alone (which a browser attaches to forged requests) is never enough.
 */
@Singleton
final class ConsoleAccess {
    static final String COOKIE = "moeserve_console";
    static final String LOGIN_PATH = "/console/login";
    static final String CSRF_FIELD = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final ConsoleSessions sessions;
    private final AuthenticateOperator authenticate;
    private final ClientAddresses addresses;

    ConsoleAccess(ConsoleSessions sessions, AuthenticateOperator authenticate, ClientAddresses addresses) {
        this.sessions = sessions;
        this.authenticate = authenticate;
        this.addresses = addresses;
    }

    /** The signed-in operator allowed to read, or {@link NotSignedIn}. */
    Signed reader(HttpRequest<?> request) {
        ConsoleSession session = session(request).orElseThrow(NotSignedIn::new);
        return new Signed(session, operator(session, AdminAccessPolicy.Action.READ, request));
    }

    /**
     * The signed-in operator for a request that only reads but is sent as a POST (previews): the CSRF
     * token is still required, so no other site can make a signed-in browser run it.
     */
    Signed readerWithCsrf(HttpRequest<?> request, FormData form) {
        Signed signed = reader(request);
        requireCsrf(signed.session(), request, form);
        return signed;
    }

    /**
     * The signed-in operator allowed to change things, with the request's address for the audit log.
     *
     * @throws ApplicationException FORBIDDEN for a missing or wrong CSRF token, or an auditor
     */
    Signed changer(HttpRequest<?> request, FormData form) {
        ConsoleSession session = session(request).orElseThrow(NotSignedIn::new);
        requireCsrf(session, request, form);
        return new Signed(session, operator(session, AdminAccessPolicy.Action.CHANGE, request));
    }

    /** Signs in with an operator token; refused tokens throw UNAUTHENTICATED like the admin API. */
    ConsoleSession signIn(String token) {
        Operator operator = authenticate.authenticate(token, AdminAccessPolicy.Action.READ);
        return sessions.open(token.strip(), operator);
    }

    void signOut(HttpRequest<?> request, FormData form) {
        Optional<ConsoleSession> session = session(request);
        if (session.isPresent()) {
            requireCsrf(session.get(), request, form);
            sessions.close(session.get().id());
        }
    }

    Optional<ConsoleSession> session(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).flatMap(sessions::find);
    }

    /** HttpOnly so scripts never see it, SameSite=Strict so other sites' requests never carry it, Secure over TLS. */
    static Cookie cookie(HttpRequest<?> request, String value, long maxAgeSeconds) {
        return Cookie.of(COOKIE, value).httpOnly(true).sameSite(SameSite.Strict).path("/console")
                .secure(request.isSecure()).maxAge(maxAgeSeconds);
    }

    private Operator operator(ConsoleSession session, AdminAccessPolicy.Action action, HttpRequest<?> request) {
        try {
            return authenticate.authenticate(session.operatorToken(), action).from(addresses.of(request));
        } catch (ApplicationException e) {
            if (e.kind() == ApplicationException.Kind.UNAUTHENTICATED) {
                // the token was revoked since sign-in: the session ends with it
                throw new NotSignedIn();
            }
            throw e;
        }
    }

    private static void requireCsrf(ConsoleSession session, HttpRequest<?> request, FormData form) {
        String presented = form.text(CSRF_FIELD).orElseGet(() -> request.getHeaders().get(CSRF_HEADER));
        if (!ConsoleSessions.sameToken(session.csrfToken(), presented)) {
            throw ApplicationException.forbidden("This form has expired or did not come from the console"
                    + " (missing or wrong CSRF token). Reload the page and try again.");
        }
    }

    /** A console request's session and its operator. */
    record Signed(ConsoleSession session, Operator operator) {
    }
}
