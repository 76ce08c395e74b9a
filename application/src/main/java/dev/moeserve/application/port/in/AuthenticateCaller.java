package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.Caller;

/** Inbound port: turn a presented API key into a caller, or refuse it. */
public interface AuthenticateCaller {
    /**
     * @param presentedKey the bearer token, may be null or blank
     * @throws dev.moeserve.application.error.ApplicationException UNAUTHENTICATED when missing, unknown or revoked
     */
    Caller authenticate(String presentedKey);
}
