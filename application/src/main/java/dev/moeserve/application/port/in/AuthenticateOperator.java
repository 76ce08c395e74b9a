package dev.moeserve.application.port.in;

import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;

/**
 * Inbound port: turn a presented admin-API token into an operator allowed to do what the request does,
 * or refuse it. Checked before the request is even read, so the answers come in the order 401, 403,
 * then 400 for what was sent.
 */
public interface AuthenticateOperator {
    /**
     * @param presentedToken the bearer token, may be null or blank
     * @throws dev.moeserve.application.error.ApplicationException UNAUTHENTICATED when missing, unknown or revoked;
     *                                                             FORBIDDEN when the operator's role may not do {@code action}
     */
    Operator authenticate(String presentedToken, AdminAccessPolicy.Action action);
}
