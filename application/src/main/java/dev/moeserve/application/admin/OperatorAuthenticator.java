package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.application.port.out.OperatorDirectory;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.ApiKeySecret;

/**
 * Checks an admin-API token against the stored operator token hashes, then the operator's role against
 * what the request does. Tenant API keys are a different credential and never match, so a tenant can
 * never act as an operator.
 */
public final class OperatorAuthenticator implements AuthenticateOperator {
    private final OperatorDirectory operators;
    private final AdminAccess access = new AdminAccess();

    public OperatorAuthenticator(OperatorDirectory operators) {
        this.operators = operators;
    }

    @Override
    public Operator authenticate(String presentedToken, AdminAccessPolicy.Action action) {
        if (presentedToken == null || presentedToken.isBlank()) {
            throw ApplicationException.unauthenticated(
                    "You didn't provide an admin token. Send it as 'Authorization: Bearer YOUR_ADMIN_TOKEN'.");
        }
        Operator operator = operators.findByTokenHash(ApiKeySecret.presented(presentedToken.strip()).hash())
                .orElseThrow(() -> ApplicationException.unauthenticated("Incorrect admin token provided."));
        access.require(operator, action);
        return operator;
    }
}
