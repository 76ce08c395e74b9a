package dev.moeserve.application.port.in;

import java.time.Instant;

/** Inbound port: deletes retained request content whose retention period has passed; ledger rows stay. */
public interface PurgeExpiredContent {
    /** @return how many requests' content was deleted */
    long purgeExpiredContent(Instant now);
}
