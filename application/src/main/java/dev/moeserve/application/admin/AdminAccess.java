package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;

/**
 * Applies the {@link AdminAccessPolicy}: when an operator is authenticated for a request, and again at the
 * start of every admin use case, so no caller of the use cases can skip it.
 */
final class AdminAccess {
    private final AdminAccessPolicy policy = new AdminAccessPolicy();

    void requireRead(Operator operator) {
        require(operator, AdminAccessPolicy.Action.READ);
    }

    void requireChange(Operator operator) {
        require(operator, AdminAccessPolicy.Action.CHANGE);
    }

    void require(Operator operator, AdminAccessPolicy.Action action) {
        if (policy.decide(operator, action) instanceof AdminAccessPolicy.Decision.Denied(String reason)) {
            throw ApplicationException.forbidden(reason);
        }
    }

    static void requirePage(int page, int pageSize, int maxPageSize) {
        if (page < 1) {
            throw ApplicationException.invalidRequest("invalid_value", "Invalid value for 'page': must be at least 1, got " + page + ".");
        }
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw ApplicationException.invalidRequest("invalid_value",
                    "Invalid value for 'limit': must be between 1 and " + maxPageSize + ", got " + pageSize + ".");
        }
    }
}
