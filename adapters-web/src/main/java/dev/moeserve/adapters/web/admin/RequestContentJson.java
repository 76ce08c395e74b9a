package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.application.port.in.RequestContent;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * One request's retained content as the admin API shows it; {@code messages} is null for text
 * completions, which have a prompt only.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record RequestContentJson(String requestId, String object, String tenantId, String model, List<Message> messages,
                          String prompt, String completion, String createdAt, String purgeAfter) {
    static RequestContentJson of(RequestContent c) {
        return new RequestContentJson(c.requestId(), "request_content", c.tenantId().toString(), c.model(),
                c.messages().map(ms -> ms.stream().map(m -> new Message(m.role(), m.content())).toList()).orElse(null),
                c.prompt(), c.completion(), c.createdAt().toString(), c.purgeAfter().toString());
    }

    @Serdeable
    record Message(String role, String content) {
    }
}
