package dev.moeserve.application.admin;

import dev.moeserve.application.port.out.AdminAuditLog;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.operator.Operator;

import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs an admin change and writes its audit entry in one transaction: the before value is read, the
 * change made and the entry appended inside the same unit of work, so a change that fails leaves no
 * entry and an entry that cannot be written undoes the change.
 */
final class AuditedChanges {
    private final UnitOfWork unitOfWork;
    private final AdminAuditLog auditLog;
    private final Clock clock;

    AuditedChanges(UnitOfWork unitOfWork, AdminAuditLog auditLog, Clock clock) {
        this.unitOfWork = unitOfWork;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * @param action what was done, e.g. {@code tenant.suspend}
     * @param before the changed thing's values before, as JSON (null when it did not exist); read in the transaction
     * @param change makes the change and returns its result
     * @param target names what was changed, from the result (a new tenant's id is known only afterwards)
     * @param after  the values after, as JSON, from the result
     */
    <T> T run(Operator operator, String action, Supplier<String> before, Supplier<T> change,
              Function<T, String> target, Function<T, String> after) {
        return unitOfWork.inTransaction(() -> {
            String was = before.get();
            T result = change.get();
            auditLog.record(new AdminAuditEntry(operator.name(), operator.role().wireName(), action, target.apply(result),
                    was, after.apply(result), operator.address(), clock.instant()));
            return result;
        });
    }
}
