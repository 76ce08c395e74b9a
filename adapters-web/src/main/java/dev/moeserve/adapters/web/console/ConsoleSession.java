package dev.moeserve.adapters.web.console;

import dev.moeserve.domain.operator.OperatorRole;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One signed-in browser. It keeps the operator's token in server memory only (never in the cookie), so
 * every page re-checks the token: a revoked token ends its sessions on their next click.
 */
final class ConsoleSession {
    private final String id;
    private final String operatorToken;
    private final String csrfToken;
    private final String operatorName;
    private final OperatorRole role;
    private final Instant createdAt;
    private volatile Instant lastSeen;
    private final AtomicReference<String> flash = new AtomicReference<>();

    ConsoleSession(String id, String operatorToken, String csrfToken, String operatorName, OperatorRole role, Instant now) {
        this.id = id;
        this.operatorToken = operatorToken;
        this.csrfToken = csrfToken;
        this.operatorName = operatorName;
        this.role = role;
        this.createdAt = now;
        this.lastSeen = now;
    }

    String id() {
        return id;
    }

    String operatorToken() {
        return operatorToken;
    }

    String csrfToken() {
        return csrfToken;
    }

    String operatorName() {
        return operatorName;
    }

    OperatorRole role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }

    /** A one-time message for the next page shown (post, redirect, get). */
    void flash(String message) {
        flash.set(message);
    }

    String takeFlash() {
        return flash.getAndSet(null);
    }
}
