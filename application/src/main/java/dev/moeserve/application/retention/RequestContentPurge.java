package dev.moeserve.application.retention;

import dev.moeserve.application.port.in.PurgeExpiredContent;
import dev.moeserve.application.port.out.RequestContentStore;

import java.time.Instant;

/**
 * Deletes request content past its retention period. Only the content goes: the ledger rows it was
 * stored with, and their hash chain, stay as they are. Run by the server periodically and by
 * {@code ./moeserve audit purge-content}.
 */
public final class RequestContentPurge implements PurgeExpiredContent {
    private final RequestContentStore contents;

    public RequestContentPurge(RequestContentStore contents) {
        this.contents = contents;
    }

    @Override
    public long purgeExpiredContent(Instant now) {
        return contents.purgeExpired(now);
    }
}
