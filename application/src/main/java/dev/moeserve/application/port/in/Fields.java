package dev.moeserve.application.port.in;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.ContentRetention;

import java.util.OptionalInt;

/** The refusals of the admin commands, each naming the field at fault in the client's (snake_case) terms. */
final class Fields {
    private Fields() {
    }

    static ApplicationException missing(String field) {
        return ApplicationException.invalidRequest("missing_required_parameter", "Missing required parameter: '" + field + "'.");
    }

    static ApplicationException invalid(String field, String why) {
        return ApplicationException.invalidRequest("invalid_value", "Invalid value for '" + field + "': " + why);
    }

    /** The text stripped of surrounding blanks, required non-blank and at most {@code maxLength} characters. */
    static String text(String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw missing(field);
        }
        String stripped = value.strip();
        if (stripped.length() > maxLength) {
            throw invalid(field, "at most " + maxLength + " characters, got " + stripped.length() + ".");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "control characters are not allowed.");
        }
        return stripped;
    }

    /** Refuses a retention period outside the domain's range, naming the field, before the domain would throw. */
    static void retention(OptionalInt days, String field) {
        if (days.isPresent() && !ContentRetention.inRange(days.getAsInt())) {
            throw invalid(field, "a retention period is " + ContentRetention.MIN_DAYS + " to " + ContentRetention.MAX_DAYS
                    + " days (or null to store no request content), got " + days.getAsInt() + ".");
        }
    }
}
