package dev.moeserve.domain.operator;

import java.util.Objects;

/**
 * Who may do what on the admin API: every operator may read; only an {@link OperatorRole#ADMIN} may
 * change anything, so an auditor's token can be handed out without risk to the books.
 */
public final class AdminAccessPolicy {

    /** What an admin request does. */
    public enum Action { READ, CHANGE }

    /** The policy's answer. */
    public sealed interface Decision {
        record Allowed() implements Decision {
        }

        record Denied(String reason) implements Decision {
        }
    }

    public Decision decide(Operator operator, Action action) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(action, "action");
        if (action == Action.READ || operator.role() == OperatorRole.ADMIN) {
            return new Decision.Allowed();
        }
        return new Decision.Denied("The " + operator.role().wireName() + " role may only read; '"
                + operator.name() + "' cannot change anything. Use an admin token.");
    }
}
