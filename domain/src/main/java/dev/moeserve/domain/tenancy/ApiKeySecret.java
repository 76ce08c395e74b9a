package dev.moeserve.domain.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The secret text of an API key, as shown to its owner exactly once.
 * Only its {@link #hash()} and {@link #prefix()} are ever stored: the prefix lets people
 * recognise a key in listings, the hash lets the server check a presented key.
 */
public final class ApiKeySecret {
    /** Marks moeserve keys so they are recognisable in logs and secret scanners. */
    public static final String MARKER = "sk-ms-";
    private static final int RANDOM_BYTES = 32;
    private static final int PREFIX_LENGTH = MARKER.length() + 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String text;

    private ApiKeySecret(String text) {
        this.text = text;
    }

    /** A new key from 256 bits of secure randomness. */
    public static ApiKeySecret generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return new ApiKeySecret(MARKER + HexFormat.of().formatHex(bytes));
    }

    /** A key as presented by a client; any text is accepted here and simply fails to match. */
    public static ApiKeySecret presented(String text) {
        return new ApiKeySecret(Objects.requireNonNull(text, "key text"));
    }

    public String text() {
        return text;
    }

    /** The visible start of the key, safe to store and display. */
    public String prefix() {
        return text.substring(0, Math.min(PREFIX_LENGTH, text.length()));
    }

    /**
     * SHA-256 of the key, hex. A fast hash is right here: the key carries 256 random bits,
     * so there is nothing to brute-force, and every request must check it cheaply.
     */
    public String hash() {
        return sha256Hex(text);
    }

    static String sha256Hex(String s) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Never reveal the secret in logs. */
    @Override
    public String toString() {
        return prefix() + "…";
    }
}
