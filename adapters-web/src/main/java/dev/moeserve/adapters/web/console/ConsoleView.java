package dev.moeserve.adapters.web.console;

import dev.moeserve.adapters.web.error.ErrorStatus;
import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.operator.OperatorRole;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** A console page: its template and model, with what every page shows (who is signed in, the CSRF token, messages). */
final class ConsoleView {
    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    private final String template;
    private final Map<String, Object> model = new HashMap<>();

    private ConsoleView(String template) {
        this.template = template;
    }

    static ConsoleView page(String template, ConsoleAccess.Signed signed, String section) {
        ConsoleView view = new ConsoleView(template);
        ConsoleSession session = signed.session();
        view.model.put("operatorName", session.operatorName());
        view.model.put("role", session.role().wireName());
        view.model.put("canChange", session.role() == OperatorRole.ADMIN);
        view.model.put("csrf", session.csrfToken());
        view.model.put("csrfHeaders", "{\"" + ConsoleAccess.CSRF_HEADER + "\": \"" + session.csrfToken() + "\"}");
        view.model.put("section", section);
        view.model.put("flash", session.takeFlash());
        view.model.put("error", null);
        view.model.put("assets", ConsoleAssets.PATHS);
        return view;
    }

    /** A page shown before sign-in (no session). */
    static ConsoleView anonymous(String template) {
        ConsoleView view = new ConsoleView(template);
        view.model.put("assets", ConsoleAssets.PATHS);
        view.model.put("error", null);
        return view;
    }

    ConsoleView with(String key, Object value) {
        model.put(key, value);
        return this;
    }

    ConsoleView error(ApplicationException e) {
        return with("error", e.getMessage());
    }

    MutableHttpResponse<?> ok() {
        return respond(HttpStatus.OK);
    }

    MutableHttpResponse<?> respond(HttpStatus status) {
        return HttpResponse.status(status).body(new ModelAndView<>(template, model));
    }

    /** The page with the refusal shown, at the status the admin API would answer. */
    MutableHttpResponse<?> refused(ApplicationException e) {
        return error(e).respond(ErrorStatus.of(e.kind()));
    }

    static String when(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant);
    }

    static String money(BigDecimal amount) {
        return amount == null ? "" : amount.stripTrailingZeros().toPlainString();
    }
}
