package dev.moeserve.application.completion;

import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.application.port.out.UsageFilter;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ContentRetention;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which rows a finished or failed request leaves, by its tenant's retention setting, and in which transaction. */
class CompletionRecorderTest {
    private static final Instant STARTED = Instant.parse("2026-06-01T10:00:00Z");
    private static final Instant FINISHED = STARTED.plusSeconds(3);
    private static final TenantId TENANT = TenantId.random();
    private static final List<ChatMessage> MESSAGES = List.of(new ChatMessage("user", "Hello"));
    private static final CompletionRecorder.Exchange EXCHANGE =
            new CompletionRecorder.Exchange(Optional.of(MESSAGES), "<User>Hello<Assistant>", "Hi there");

    /** Every write, in order, marked with whether it happened inside a unit of work. */
    private final List<String> writes = new ArrayList<>();
    private boolean inUnit;

    private final UsageLedger ledger = new UsageLedger() {
        @Override
        public boolean append(UsageRecord record) {
            writes.add("ledger " + record.requestId() + (inUnit ? " in unit" : ""));
            return true;
        }

        @Override
        public List<UsageRecord> recent(TenantId tenant, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<UsageRecord> rows(UsageFilter filter, Optional<Instant> from, Optional<Instant> to,
                                      dev.moeserve.application.port.out.UsageOrder order, int offset, int limit) {
            throw new UnsupportedOperationException();
        }
    };

    private final List<RequestContent> stored = new ArrayList<>();
    private final RequestContentStore store = new RequestContentStore() {
        @Override
        public void store(RequestContent content) {
            writes.add("content " + content.requestId() + (inUnit ? " in unit" : ""));
            stored.add(content);
        }

        @Override
        public List<RequestContent> ofTenant(TenantId tenant, Instant now, int offset, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long purgeExpired(Instant now) {
            throw new UnsupportedOperationException();
        }
    };

    private final UnitOfWork unitOfWork = new UnitOfWork() {
        @Override
        public <T> T inTransaction(Supplier<T> work) {
            inUnit = true;
            try {
                return work.get();
            } finally {
                inUnit = false;
            }
        }
    };

    @Test
    void withRetentionOffOnlyTheLedgerRowIsWritten() {
        recorder(ContentRetention.OFF).finished(row("r-1"), EXCHANGE);

        assertThat(writes).containsExactly("ledger r-1");
        assertThat(stored).isEmpty();
    }

    @Test
    void withRetentionOnTheContentAndTheLedgerRowAreWrittenInOneUnitOfWork() {
        recorder(ContentRetention.ofDays(30)).finished(row("r-2"), EXCHANGE);

        assertThat(writes).containsExactly("content r-2 in unit", "ledger r-2 in unit");
        RequestContent content = stored.getFirst();
        assertThat(content.tenantId()).isEqualTo(TENANT);
        assertThat(content.model()).isEqualTo("m");
        assertThat(content.messages()).contains(MESSAGES);
        assertThat(content.prompt()).isEqualTo("<User>Hello<Assistant>");
        assertThat(content.completion()).isEqualTo("Hi there");
        assertThat(content.createdAt()).isEqualTo(FINISHED);
        assertThat(content.purgeAfter()).isEqualTo(Instant.parse("2026-07-01T10:00:03Z"));
    }

    @Test
    void aFailedRequestStoresNoContentEvenWhenItsTenantRetains() {
        recorder(ContentRetention.ofDays(30)).failed(row("r-3"));

        assertThat(writes).containsExactly("ledger r-3");
    }

    @Test
    void aFailingContentStoreFailsTheWholeUnitSoNoLedgerRowIsWrittenWithoutIt() {
        RequestContentStore failing = new RequestContentStore() {
            @Override
            public void store(RequestContent content) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public List<RequestContent> ofTenant(TenantId tenant, Instant now, int offset, int limit) {
                return List.of();
            }

            @Override
            public long purgeExpired(Instant now) {
                return 0;
            }
        };
        CompletionRecorder recorder = new CompletionRecorder(ledger, directory(ContentRetention.ofDays(1)), failing, unitOfWork);

        assertThatThrownBy(() -> recorder.finished(row("r-4"), EXCHANGE)).hasMessage("disk full");
        assertThat(writes).isEmpty();
    }

    private CompletionRecorder recorder(ContentRetention retention) {
        return new CompletionRecorder(ledger, directory(retention), store, unitOfWork);
    }

    /** A directory that answers only the retention question, for the tenant under test. */
    private static TenantDirectory directory(ContentRetention retention) {
        return (TenantDirectory) Proxy.newProxyInstance(TenantDirectory.class.getClassLoader(),
                new Class<?>[] {TenantDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("contentRetention") && TENANT.equals(args[0])) {
                        return retention;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static UsageRecord row(String requestId) {
        return new UsageRecord(requestId, TENANT, ApiKeyId.random(), "m", "cpu", new TokenCounts(8, 0, 2),
                UsageStatus.COMPLETED, STARTED, FINISHED, ChargeSummary.unpriced(Currency.getInstance("USD")));
    }
}
