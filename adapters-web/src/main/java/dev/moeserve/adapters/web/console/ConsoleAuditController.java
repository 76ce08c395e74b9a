package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.QueryAuditTrail;
import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.UsageQuery;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.usage.UsageRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The audit page: the admin-action log with filters, the latest usage-ledger rows, both chains' status
 * (checked on request: it walks every row) and the signed export of a tenant's ledger, the same files
 * {@code moeserve audit export} writes, in one zip.
 */
@Controller("/console/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class ConsoleAuditController {
    private static final int PAGE_SIZE = 50;
    private static final int LEDGER_ROWS = 20;

    private final ConsoleAccess access;
    private final QueryAuditTrail audit;
    private final QueryUsageReports usage;
    private final java.time.Clock clock;

    ConsoleAuditController(ConsoleAccess access, QueryAuditTrail audit, QueryUsageReports usage, java.time.Clock clock) {
        this.clock = clock;
        this.access = access;
        this.audit = audit;
        this.usage = usage;
    }

    @Get
    HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String actor, @Nullable @QueryValue String action,
                         @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                         @Nullable @QueryValue Integer page, @Nullable @QueryValue Boolean verify) {
        ConsoleAccess.Signed signed = access.reader(request);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("actor", ConsoleInput.blankToNull(actor));
        filters.put("action", ConsoleInput.blankToNull(action));
        filters.put("from", ConsoleInput.blankToNull(from));
        filters.put("to", ConsoleInput.blankToNull(to));
        int pageNumber = page == null || page < 1 ? 1 : page;
        ConsoleView view = auditPage(signed, filters, pageNumber);
        try {
            if (Boolean.TRUE.equals(verify)) {
                view.with("chains", chains(audit.verifyChains(signed.operator())));
            }
            Optional<Instant> start = optional(filters, "from").map(f -> ConsoleInput.instant(f, "from"));
            Optional<Instant> end = optional(filters, "to").map(t -> ConsoleInput.instant(t, "to"));
            QueryAuditTrail.AuditLogPage log = audit.adminLog(signed.operator(), new QueryAuditTrail.AuditLogQuery(
                    optional(filters, "actor"), optional(filters, "action"), start, end), pageNumber, PAGE_SIZE);
            QueryUsageReports.UsageListing ledger = usage.usage(signed.operator(),
                    new UsageQuery(Optional.empty(), Optional.empty(), Optional.empty(), start, end), 1, LEDGER_ROWS);
            return view.with("entries", log.entries().stream().map(ConsoleAuditController::entry).toList())
                    .with("hasMore", log.hasMore())
                    .with("ledger", ledger.rows().stream().map(ConsoleAuditController::ledgerRow).toList()).ok();
        } catch (ApplicationException e) {
            return view.refused(e);
        }
    }

    /** A zip of {@code ledger-….jsonl} and its detached Ed25519 signature {@code ledger-….jsonl.sig}. */
    @Get("/export")
    // text/html first: micronaut-views gives a refused export (a page) the first acceptable type listed here
    @Produces({MediaType.TEXT_HTML, "application/zip"})
    HttpResponse<?> export(HttpRequest<?> request, @Nullable @QueryValue String tenant, @Nullable @QueryValue String from,
                           @Nullable @QueryValue String to) {
        ConsoleAccess.Signed signed = access.reader(request);
        try {
            String tenantId = Optional.ofNullable(ConsoleInput.blankToNull(tenant)).orElseThrow(() -> ConsoleInput.missing("tenant"));
            Instant start = ConsoleInput.instant(Optional.ofNullable(ConsoleInput.blankToNull(from)).orElseThrow(() -> ConsoleInput.missing("from")), "from");
            Instant end = ConsoleInput.instant(Optional.ofNullable(ConsoleInput.blankToNull(to)).orElseThrow(() -> ConsoleInput.missing("to")), "to");
            QueryAuditTrail.SignedExport export = audit.exportLedger(signed.operator(), ConsoleInput.tenant(tenantId, "tenant"), start, end);
            return HttpResponse.ok(zip(export)).contentType("application/zip")
                    .header("Content-Disposition", "attachment; filename=\"" + export.fileName().replace(".jsonl", ".zip") + "\"");
        } catch (ApplicationException e) {
            return auditPage(signed, Map.of(), 1).refused(e).contentType(MediaType.TEXT_HTML_TYPE);
        }
    }

    /** The audit page with nothing loaded yet: what a refusal shows, and what a successful read fills in. */
    private ConsoleView auditPage(ConsoleAccess.Signed signed, Map<String, Object> filters, int page) {
        return ConsoleView.page("console/audit", signed, "audit").with("filters", filters).with("page", page)
                .with("chains", null).with("today", LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString())
                .with("entries", List.of()).with("hasMore", false).with("ledger", List.of());
    }

    private static Optional<String> optional(Map<String, Object> filters, String key) {
        return Optional.ofNullable((String) filters.get(key));
    }

    private static byte[] zip(QueryAuditTrail.SignedExport export) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(export.fileName()));
            zip.write(export.jsonLines());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(export.fileName() + ".sig"));
            zip.write((export.signature() + "\n").getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static List<Map<String, Object>> chains(QueryAuditTrail.ChainReport report) {
        return List.of(chain("usage ledger", report.ledger(), report.checkedAt()), chain("admin audit log", report.adminLog(), report.checkedAt()));
    }

    private static Map<String, Object> chain(String name, QueryAuditTrail.ChainStatus status, Instant checkedAt) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("intact", status.intact());
        c.put("rows", status.rows());
        c.put("brokenAt", status.brokenAt().orElse(""));
        c.put("checkedAt", ConsoleView.when(checkedAt));
        return c;
    }

    private static Map<String, Object> entry(AdminAuditEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("at", ConsoleView.when(e.at()));
        row.put("actor", e.actor());
        row.put("role", e.role());
        row.put("action", e.action());
        row.put("target", e.target());
        row.put("before", e.before() == null ? "" : e.before());
        row.put("after", e.after() == null ? "" : e.after());
        row.put("address", e.address() == null ? "" : e.address());
        return row;
    }

    private static Map<String, Object> ledgerRow(UsageRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("started", ConsoleView.when(r.startedAt()));
        row.put("requestId", r.requestId());
        row.put("tenant", r.tenantId().toString());
        row.put("model", r.model());
        row.put("status", r.status().wireName());
        row.put("tokens", r.tokens().promptTokens() + " / " + r.tokens().completionTokens());
        row.put("total", ConsoleView.money(r.charge().total()) + " " + r.charge().currency().getCurrencyCode());
        return row;
    }

}
