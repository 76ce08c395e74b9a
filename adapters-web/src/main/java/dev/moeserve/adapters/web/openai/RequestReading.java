package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.error.ApplicationException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads OpenAI request bodies: precise 400s for bad JSON, and the loosely typed fields (stop, prompt). */
final class RequestReading {
    static final double DEFAULT_TEMPERATURE = 1.0;
    static final double DEFAULT_TOP_P = 1.0;

    private RequestReading() {
    }

    static <T> T parse(JsonMapper json, String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ApplicationException.invalidRequest("invalid_request", "The request body is empty; send a JSON object.");
        }
        try {
            T request = json.readValue(body, Argument.of(type));
            if (request == null) {
                throw ApplicationException.invalidRequest("invalid_request", "The request body must be a JSON object.");
            }
            return request;
        } catch (IOException e) {
            throw ApplicationException.invalidRequest("invalid_json",
                    "We could not parse the JSON body of your request: " + e.getMessage());
        }
    }

    /** {@code stop}: absent, one string, or an array of strings. */
    static List<String> stop(Object stop) {
        if (stop == null) {
            return List.of();
        }
        if (stop instanceof String s) {
            return List.of(s);
        }
        if (stop instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw ApplicationException.invalidRequest("invalid_type", "'stop' must be a string or an array of strings.");
                }
                out.add(s);
            }
            return out;
        }
        throw ApplicationException.invalidRequest("invalid_type", "'stop' must be a string or an array of strings.");
    }

    /** Only one choice per request is generated. */
    static void requireSingleChoice(Integer n) {
        if (n != null && n != 1) {
            throw ApplicationException.invalidParameter("n must be 1: moeserve generates one choice per request, got " + n + ".");
        }
    }
}
