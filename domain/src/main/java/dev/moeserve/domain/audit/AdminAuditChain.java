package dev.moeserve.domain.audit;

import dev.moeserve.domain.usage.LedgerChain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The admin audit log's hash chain, built like the usage ledger's ({@link LedgerChain}): each row's
 * hash covers the previous row's hash and the row's own content.
 */
public final class AdminAuditChain {
    /** The "previous hash" of the first row. */
    public static final String GENESIS = LedgerChain.GENESIS;

    private AdminAuditChain() {
    }

    public static String hash(String previousHash, AdminAuditEntry e) {
        // null and "" must hash differently, or blanking a value would go unnoticed; a length prefix
        // keeps a newline inside a value from shifting text between fields
        List<String> fields = List.of(
                previousHash,
                field(e.actor()),
                field(e.role()),
                field(e.action()),
                field(e.target()),
                field(e.before()),
                field(e.after()),
                field(e.address()),
                LedgerChain.storable(e.at()).toString());
        return sha256(String.join("\n", fields));
    }

    private static String field(String value) {
        return value == null ? "-" : value.length() + ":" + value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
