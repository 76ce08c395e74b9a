package dev.moeserve.domain.operator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessPolicyTest {
    private final AdminAccessPolicy policy = new AdminAccessPolicy();

    @Test
    void anAdminMayReadAndChange() {
        Operator admin = new Operator("ops", OperatorRole.ADMIN);
        assertThat(policy.decide(admin, AdminAccessPolicy.Action.READ)).isInstanceOf(AdminAccessPolicy.Decision.Allowed.class);
        assertThat(policy.decide(admin, AdminAccessPolicy.Action.CHANGE)).isInstanceOf(AdminAccessPolicy.Decision.Allowed.class);
    }

    @Test
    void anAuditorMayReadButNotChangeAndIsToldWhy() {
        Operator auditor = new Operator("books", OperatorRole.AUDITOR);
        assertThat(policy.decide(auditor, AdminAccessPolicy.Action.READ)).isInstanceOf(AdminAccessPolicy.Decision.Allowed.class);
        assertThat(policy.decide(auditor, AdminAccessPolicy.Action.CHANGE))
                .isInstanceOfSatisfying(AdminAccessPolicy.Decision.Denied.class,
                        d -> assertThat(d.reason()).contains("auditor").contains("books"));
    }

    @Test
    void rolesReadBackFromTheirStoredNames() {
        assertThat(OperatorRole.fromWireName("admin")).contains(OperatorRole.ADMIN);
        assertThat(OperatorRole.fromWireName("auditor")).contains(OperatorRole.AUDITOR);
        assertThat(OperatorRole.fromWireName("root")).isEmpty();
    }
}
