package dev.moeserve.adapters.web.admin;

import dev.moeserve.application.error.ApplicationException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The JSON object body of an admin request, read field by field so that every refusal is a 400 naming
 * the field. Bodies are parsed only after the operator is authenticated, so a caller without a valid
 * token learns nothing from the validation of what it sent.
 */
final class AdminBody {
    private final JsonNode root;

    private AdminBody(JsonNode root) {
        this.root = root;
    }

    /** Parses an object body; an empty body counts as {@code {}} when {@code emptyAllowed}. */
    static AdminBody parse(JsonMapper json, String body, boolean emptyAllowed) {
        if (body == null || body.isBlank()) {
            if (emptyAllowed) {
                return new AdminBody(JsonNode.createObjectNode(java.util.Map.of()));
            }
            throw ApplicationException.invalidRequest("invalid_request", "The request body is empty; send a JSON object.");
        }
        JsonNode root;
        try {
            root = json.readValue(body, Argument.of(JsonNode.class));
        } catch (IOException e) {
            throw ApplicationException.invalidRequest("invalid_json", "We could not parse the JSON body of your request: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApplicationException.invalidRequest("invalid_request", "The request body must be a JSON object.");
        }
        return new AdminBody(root);
    }

    static ApplicationException invalid(String field, String why) {
        return ApplicationException.invalidRequest("invalid_value", "Invalid value for '" + field + "': " + why);
    }

    static ApplicationException missing(String field) {
        return ApplicationException.invalidRequest("missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }

    /** Whether the field is present with any value, null included. */
    boolean has(String field) {
        return root.get(field) != null;
    }

    private Optional<JsonNode> value(String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    Optional<String> text(String field) {
        return value(field).map(node -> {
            if (!node.isString()) {
                throw invalid(field, "expected a string.");
            }
            return node.getStringValue();
        });
    }

    String requiredText(String field) {
        return text(field).orElseThrow(() -> missing(field));
    }

    /** A decimal given as a string ({@code "0.435"}, the documented form) or as a JSON number. */
    Optional<BigDecimal> decimal(String field) {
        return value(field).map(node -> decimal(node, field));
    }

    BigDecimal requiredDecimal(String field) {
        return decimal(field).orElseThrow(() -> missing(field));
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        try {
            if (node.isString()) {
                return new BigDecimal(node.getStringValue().strip());
            }
            if (node.isNumber()) {
                // the number's shortest decimal spelling, so 0.435 stays 0.435 whatever binary form the parser chose
                return new BigDecimal(node.getNumberValue().toString());
            }
        } catch (NumberFormatException e) {
            throw invalid(field, "'" + node.coerceStringValue() + "' is not a decimal number.");
        }
        throw invalid(field, "expected a decimal number as a string, e.g. \"0.435\".");
    }

    /** A whole number; fractions and values beyond {@code long} are refused. */
    OptionalLong whole(String field) {
        Optional<JsonNode> node = value(field);
        if (node.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!node.get().isNumber()) {
            throw invalid(field, "expected an integer.");
        }
        BigDecimal value = new BigDecimal(node.get().getNumberValue().toString());
        try {
            BigInteger exact = value.toBigIntegerExact();
            return OptionalLong.of(exact.longValueExact());
        } catch (ArithmeticException e) {
            throw invalid(field, value.toPlainString() + " is not a whole number in range.");
        }
    }

    OptionalInt smallWhole(String field) {
        OptionalLong value = whole(field);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.getAsLong() > Integer.MAX_VALUE || value.getAsLong() < Integer.MIN_VALUE) {
            throw invalid(field, value.getAsLong() + " is out of range (at most " + Integer.MAX_VALUE + ").");
        }
        return OptionalInt.of((int) value.getAsLong());
    }

    Optional<Boolean> bool(String field) {
        return value(field).map(node -> {
            if (!node.isBoolean()) {
                throw invalid(field, "expected true or false.");
            }
            return node.getBooleanValue();
        });
    }

    Optional<Instant> instant(String field) {
        return text(field).map(text -> AdminParams.instant(text, field));
    }

    /** An array of strings; absent or null is an empty list. */
    List<String> texts(String field) {
        Optional<JsonNode> node = value(field);
        if (node.isEmpty()) {
            return List.of();
        }
        if (!node.get().isArray()) {
            throw invalid(field, "expected an array of strings.");
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : node.get().values()) {
            if (item == null || !item.isString()) {
                throw invalid(field + "[" + i + "]", "expected a string.");
            }
            out.add(item.getStringValue());
            i++;
        }
        return out;
    }

    /** A nested object, if present. */
    Optional<AdminBody> object(String field) {
        return value(field).map(node -> {
            if (!node.isObject()) {
                throw invalid(field, "expected an object.");
            }
            return new AdminBody(node);
        });
    }
}
