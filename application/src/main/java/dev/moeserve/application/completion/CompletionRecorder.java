package dev.moeserve.application.completion;

import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ContentRetention;
import dev.moeserve.domain.usage.UsageRecord;

import java.util.List;
import java.util.Optional;

/**
 * Writes a finished request's ledger row and, only when its tenant retains request content, what was
 * asked and answered, in the same transaction: stored content always has its ledger row, and a tenant
 * that retains nothing (the default) gets exactly the ledger row and nothing else.
 */
final class CompletionRecorder {
    private final UsageLedger ledger;
    private final TenantDirectory tenants;
    private final RequestContentStore contents;
    private final UnitOfWork unitOfWork;

    CompletionRecorder(UsageLedger ledger, TenantDirectory tenants, RequestContentStore contents, UnitOfWork unitOfWork) {
        this.ledger = ledger;
        this.tenants = tenants;
        this.contents = contents;
        this.unitOfWork = unitOfWork;
    }

    /** What the request asked and answered, as it would be retained. */
    record Exchange(Optional<List<ChatMessage>> messages, String prompt, String completion) {
    }

    /** A request that produced no answer: its row only, whatever the tenant retains. */
    void failed(UsageRecord row) {
        ledger.append(row);
    }

    void finished(UsageRecord row, Exchange exchange) {
        // read when the request finishes, so turning retention off stops storing at once, running requests included
        ContentRetention retention = tenants.contentRetention(row.tenantId());
        if (!retention.stores()) {
            ledger.append(row);
            return;
        }
        RequestContent content = new RequestContent(row.requestId(), row.tenantId(), row.model(), exchange.messages(),
                exchange.prompt(), exchange.completion(), row.finishedAt(), retention.purgeAfter(row.finishedAt()).orElseThrow());
        unitOfWork.inTransaction(() -> {
            // the content first: the ledger append then holds the chain head's lock only for its own row, not
            // while a long prompt is written (the content's reference to the ledger row is checked at commit)
            contents.store(content);
            ledger.append(row);
            return null;
        });
    }
}
