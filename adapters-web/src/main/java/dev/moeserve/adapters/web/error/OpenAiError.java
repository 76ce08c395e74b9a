package dev.moeserve.adapters.web.error;

import io.micronaut.serde.annotation.Serdeable;

/** The OpenAI error envelope: {@code {"error": {"message", "type", "param", "code"}}}. */
@Serdeable
public record OpenAiError(Detail error) {

    @Serdeable
    public record Detail(String message, String type, String param, String code) {
    }

    public static OpenAiError of(String message, String type, String code) {
        return new OpenAiError(new Detail(message, type, null, code));
    }
}
