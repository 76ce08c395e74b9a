package dev.moeserve.domain.usage;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;

/**
 * The usage ledger's hash chain: each row's hash covers the previous row's hash and the row's own
 * content, so altering, inserting or deleting any row breaks every later link.
 */
public final class LedgerChain {
    /** The "previous hash" of the first row. */
    public static final String GENESIS = "0".repeat(64);

    private LedgerChain() {
    }

    /** Instants are stored with microsecond precision (PostgreSQL's); hash exactly what is stored. */
    public static Instant storable(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static String hash(String previousHash, UsageRecord r) {
        ChargeSummary c = r.charge();
        List<String> fields = List.of(
                previousHash,
                r.requestId(),
                r.tenantId().toString(),
                r.apiKeyId().toString(),
                r.model(),
                r.backend(),
                Integer.toString(r.tokens().promptTokens()),
                Integer.toString(r.tokens().promptCacheHitTokens()),
                Integer.toString(r.tokens().completionTokens()),
                r.status().wireName(),
                storable(r.startedAt()).toString(),
                storable(r.finishedAt()).toString(),
                c.priceVersion().orElse(""),
                String.join(",", c.promotionIds()),
                c.currency().getCurrencyCode(),
                canonical(c.inputCacheHit()),
                canonical(c.inputCacheMiss()),
                canonical(c.output()),
                canonical(c.discount()),
                canonical(c.total()));
        return sha256(String.join("\n", fields));
    }

    /** One spelling per number, whatever scale the database returns it with. */
    private static String canonical(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
