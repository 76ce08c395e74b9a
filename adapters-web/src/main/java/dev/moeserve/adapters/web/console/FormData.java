package dev.moeserve.adapters.web.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fields of an {@code application/x-www-form-urlencoded} body; a field may repeat (checkboxes, multi-selects). */
final class FormData {
    private final Map<String, List<String>> fields;

    private FormData(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static FormData parse(String body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (body != null && !body.isEmpty()) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        return new FormData(fields);
    }

    /** The field's first value, stripped; empty when absent or blank. */
    Optional<String> text(String name) {
        List<String> values = fields.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(values.get(0).strip());
    }

    String textOr(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    /** Every non-blank value of the field, stripped; a comma-separated value counts as several. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String value : fields.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    boolean checked(String name) {
        return fields.containsKey(name);
    }

    /** The submitted values as the page shows them again after a refusal, so nothing typed is lost. */
    Map<String, Object> echo() {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : String.join(",", values)));
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
