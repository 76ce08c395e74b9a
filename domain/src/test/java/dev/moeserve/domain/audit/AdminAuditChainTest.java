package dev.moeserve.domain.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAuditChainTest {
    private static final AdminAuditEntry ENTRY = new AdminAuditEntry("ops", "admin", "tenant.plan", "tenant:t",
            "{\"plan\":\"a\"}", "{\"plan\":\"b\"}", "192.0.2.1", Instant.parse("2026-11-28T10:00:00.123456789Z"));

    @Test
    void theHashCoversThePreviousHashAndEveryField() {
        String hash = AdminAuditChain.hash(AdminAuditChain.GENESIS, ENTRY);
        assertThat(hash).hasSize(64).isEqualTo(AdminAuditChain.hash(AdminAuditChain.GENESIS, ENTRY));
        assertThat(AdminAuditChain.hash(hash, ENTRY)).isNotEqualTo(hash);
        assertThat(AdminAuditChain.hash(AdminAuditChain.GENESIS, new AdminAuditEntry("ops", "admin", "tenant.plan",
                "tenant:t", "{\"plan\":\"a\"}", "{\"plan\":\"c\"}", "192.0.2.1", ENTRY.at()))).isNotEqualTo(hash);
    }

    @Test
    void aMissingValueAndAnEmptyOneHashDifferently() {
        AdminAuditEntry none = new AdminAuditEntry("ops", "admin", "x", "t", null, "{}", null, ENTRY.at());
        AdminAuditEntry empty = new AdminAuditEntry("ops", "admin", "x", "t", "", "{}", null, ENTRY.at());
        assertThat(AdminAuditChain.hash(AdminAuditChain.GENESIS, none)).isNotEqualTo(AdminAuditChain.hash(AdminAuditChain.GENESIS, empty));
    }

    @Test
    void textCannotMoveBetweenFieldsUnnoticed() {
        AdminAuditEntry a = new AdminAuditEntry("ops", "admin", "x", "t", "a\n1:b", null, null, ENTRY.at());
        AdminAuditEntry b = new AdminAuditEntry("ops", "admin", "x", "t", "a", "b", null, ENTRY.at());
        assertThat(AdminAuditChain.hash(AdminAuditChain.GENESIS, a)).isNotEqualTo(AdminAuditChain.hash(AdminAuditChain.GENESIS, b));
    }

    @Test
    void theTimeIsHashedAsStoredToTheMicrosecond() {
        AdminAuditEntry stored = new AdminAuditEntry("ops", "admin", "tenant.plan", "tenant:t", ENTRY.before(), ENTRY.after(),
                "192.0.2.1", Instant.parse("2026-11-28T10:00:00.123456Z"));
        assertThat(AdminAuditChain.hash(AdminAuditChain.GENESIS, stored)).isEqualTo(AdminAuditChain.hash(AdminAuditChain.GENESIS, ENTRY));
    }
}
