package dev.moeserve.adapters.web.console;

import dev.moeserve.domain.operator.Operator;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions in memory: a 256-bit random id in the cookie, a separate random CSRF token, an idle
 * timeout and an absolute lifetime. A restart signs everyone out, which is the safe failure.
 */
@Singleton
final class ConsoleSessions {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration MAX_LIFETIME = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    ConsoleSessions(Clock clock) {
        this.clock = clock;
    }

    ConsoleSession open(String operatorToken, Operator operator) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> expired(s, now));
            if (sessions.size() >= MAX_SESSIONS) {
                // full of live sessions: the one idle longest makes room
                sessions.values().stream().min(Comparator.comparing(ConsoleSession::lastSeen))
                        .ifPresent(oldest -> sessions.remove(oldest.id()));
            }
        }
        ConsoleSession session = new ConsoleSession(randomToken(), operatorToken, randomToken(), operator.name(),
                operator.role(), now);
        sessions.put(session.id(), session);
        return session;
    }

    Optional<ConsoleSession> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Compares in constant time, so the token cannot be guessed byte by byte from response times. */
    static boolean sameToken(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static boolean expired(ConsoleSession s, Instant now) {
        return s.lastSeen().plus(IDLE_TIMEOUT).isBefore(now) || s.createdAt().plus(MAX_LIFETIME).isBefore(now);
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
