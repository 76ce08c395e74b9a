package dev.moeserve.application.tenancy;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.Caller;

/** Checks a presented key against the stored hashes; revoked keys fail on their next request. */
public final class ApiKeyAuthenticator implements AuthenticateCaller {
    private final TenantDirectory directory;

    public ApiKeyAuthenticator(TenantDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Caller authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank()) {
            throw ApplicationException.unauthenticated(
                    "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.");
        }
        String hash = ApiKeySecret.presented(presentedKey.strip()).hash();
        return directory.findActiveKey(hash).orElseThrow(() -> directory.isKeyOfSuspendedTenant(hash)
                ? ApplicationException.forbidden("This tenant is suspended; ask your administrator to reactivate it.")
                : ApplicationException.unauthenticated("Incorrect API key provided."));
    }
}
