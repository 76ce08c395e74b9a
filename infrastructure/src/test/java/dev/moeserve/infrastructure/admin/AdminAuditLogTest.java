package dev.moeserve.infrastructure.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moeserve.application.admin.TenantAdministration;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.operator.OperatorRole;
import dev.moeserve.infrastructure.persistence.PostgresAdminAuditLog;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.persistence.PostgresUnitOfWork;
import dev.moeserve.infrastructure.support.TestDatabase;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every admin change is written to the admin audit log in the same transaction as the change, over
 * HTTP against the real embedded PostgreSQL: one row per change naming who, what, before, after and
 * from where; nothing for a refused or failed change.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuditLogTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;
    @Inject
    PostgresAdminCredentials credentials;
    @Inject
    PostgresUnitOfWork unitOfWork;
    @Inject
    PostgresTenantDirectory directory;
    @Inject
    PostgresCreditAccounts credits;
    @Inject
    PostgresAdminAuditLog auditLog;

    private AdminHttp http;
    private String adminName;
    private String admin;
    private String auditor;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.model-id", "admin-audit-demo");
    }

    @BeforeAll
    void operators() {
        http = new AdminHttp(server.getURI());
        adminName = "audit-admin-" + UUID.randomUUID();
        admin = credentials.issue(adminName, "admin");
        auditor = credentials.issue("audit-auditor-" + UUID.randomUUID(), "auditor");
    }

    @Test
    void anAdminChangeWritesExactlyOneAuditRowWithWhoWhatBeforeAfterAndWhere() throws Exception {
        String tenant = createTenant();
        List<Row> created = rows("tenant:" + tenant);
        assertThat(created).hasSize(1);
        assertThat(created.getFirst().action()).isEqualTo("tenant.create");
        assertThat(created.getFirst().before()).isNull();

        AdminHttp.Reply suspended = http.post("/admin/tenants/" + tenant + "/suspend", admin, null);
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);

        List<Row> rows = rows("tenant:" + tenant);
        assertThat(rows).hasSize(2);
        Row row = rows.get(1);
        assertThat(row.actor()).isEqualTo(adminName);
        assertThat(row.role()).isEqualTo("admin");
        assertThat(row.action()).isEqualTo("tenant.suspend");
        JsonNode before = AdminHttp.JSON.readTree(row.before());
        JsonNode after = AdminHttp.JSON.readTree(row.after());
        assertThat(before.path("status").asText()).isEqualTo("active");
        assertThat(after.path("status").asText()).isEqualTo("suspended");
        assertThat(after.path("id").asText()).isEqualTo(tenant);
        assertThat(row.address()).as("the HTTP client's address").isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
    }

    @Test
    void aKeyIssueIsAuditedWithoutItsSecret() throws Exception {
        String tenant = createTenant();
        AdminHttp.Reply issued = http.post("/admin/tenants/" + tenant + "/keys", admin, "{\"label\":\"ci\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String secret = issued.json().path("key").asText();
        List<Row> keyRows = rows("tenant:" + tenant + "/key:" + issued.json().path("id").asText());
        assertThat(keyRows).hasSize(1);
        assertThat(keyRows.getFirst().action()).isEqualTo("key.issue");
        assertThat(keyRows.getFirst().after()).contains("\"label\":\"ci\"");
        assertThat(secret).startsWith("sk-");
        assertThat(keyRows.getFirst().after()).doesNotContain(secret);
    }

    @Test
    void theAuditorsRefusedChangeWritesNothing() throws Exception {
        String tenant = createTenant();
        AdminHttp.Reply refused = http.post("/admin/tenants/" + tenant + "/suspend", auditor, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(rows("tenant:" + tenant)).extracting(Row::action).containsExactly("tenant.create");
        assertThat(http.get("/admin/tenants/" + tenant, admin).json().path("status").asText()).isEqualTo("active");
    }

    @Test
    void aFailureAfterTheChangeInsideTheUnitOfWorkLeavesNeitherTheChangeNorAnAuditRow() throws Exception {
        String name = "rolled-back-" + UUID.randomUUID();
        assertThatThrownBy(() -> unitOfWork.inTransaction(() -> {
            var id = directory.createTenant(name);
            auditLog.record(new AdminAuditEntry("test", "admin", "tenant.create", "tenant:" + id, null, "{}", null, Instant.now()));
            throw new IllegalStateException("fails after the change and its audit row");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(directory.tenantNamed(name)).isEmpty();
        assertThat(count("select count(*) from admin_audit_log where action = 'tenant.create' and actor = 'test'")).isZero();
    }

    @Test
    void anAuditRowThatCannotBeWrittenUndoesTheChange() {
        String name = "unaudited-" + UUID.randomUUID();
        TenantAdministration failingAudit = new TenantAdministration(directory, credits, unitOfWork,
                entry -> {
                    throw new IllegalStateException("the audit log is unavailable");
                }, Clock.systemUTC());
        Operator operator = new Operator(adminName, OperatorRole.ADMIN, "192.0.2.1");
        assertThatThrownBy(() -> failingAudit.createTenant(operator, new NewTenantCommand(name)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(directory.tenantNamed(name)).as("the tenant created before the audit write is rolled back").isEmpty();
    }

    @Test
    void aRefusedChangeInsideTheUnitLeavesNoAuditRow() throws Exception {
        String tenant = createTenant();
        // the name is taken: refused inside the unit of work, so nothing is written
        String taken = http.get("/admin/tenants/" + tenant, admin).json().path("name").asText();
        AdminHttp.Reply duplicate = http.post("/admin/tenants", admin, "{\"name\":\"" + taken + "\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(count("select count(*) from admin_audit_log where action = 'tenant.create' and after_value like '%"
                + taken + "%'")).isEqualTo(1);
    }

    @Test
    void outsideAUnitOfWorkTheAdaptersStillCommitOnTheirOwn() {
        String name = "plain-" + UUID.randomUUID();
        directory.createTenant(name);
        assertThat(directory.tenantNamed(name)).isPresent();
    }

    private String createTenant() {
        AdminHttp.Reply reply = http.post("/admin/tenants", admin, "{\"name\":\"audit-" + UUID.randomUUID() + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    record Row(String actor, String role, String action, String before, String after, String address) {
    }

    private static List<Row> rows(String target) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl());
             PreparedStatement st = c.prepareStatement("select actor, role, action, before_value, after_value, address"
                     + " from admin_audit_log where target = ? order by seq")) {
            st.setString(1, target);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)));
                }
            }
            return rows;
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(TestDatabase.jdbcUrl()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
