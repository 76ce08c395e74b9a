package dev.moeserve.infrastructure.cli;

import dev.moeserve.application.retention.RequestContentPurge;
import dev.moeserve.infrastructure.audit.AdminAuditChainVerifier;
import dev.moeserve.infrastructure.audit.AuditSigningKey;
import dev.moeserve.infrastructure.audit.ChainVerdict;
import dev.moeserve.infrastructure.audit.LedgerChainVerifier;
import dev.moeserve.infrastructure.audit.LedgerExport;
import dev.moeserve.infrastructure.db.StateDatabase;
import dev.moeserve.infrastructure.persistence.PostgresRequestContentStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve audit verify | export | verify-export}: checks an auditor can run on their own; and
 * {@code audit purge-content}, the retention purge the server also runs periodically.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify the usage ledger's and admin audit log's hash chains; export and verify signed ledger extracts; purge expired request content.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.VerifyExport.class,
                AuditCommand.PurgeContent.class})
final class AuditCommand {

    /** Where the install's state and database are; the same configuration as {@code serve}. */
    static final class Target {
        @Option(names = "--home", description = "state folder (default: $MOESERVE_HOME or ./.moeserve)")
        Path home;

        @Option(names = "--db-url", description = "JDBC URL with user and password (default: DATASOURCES_DEFAULT_URL, the running server's, or the embedded database)")
        String dbUrl;

        Path home() {
            return home != null ? home.toAbsolutePath().normalize() : StateHome.fromEnvironment().path();
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the usage ledger's and the admin audit log's hash chains; exit 0 when both are intact, 1 naming the first broken row.")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() throws Exception {
            try (StateDatabase db = StateDatabase.open(target.home(), target.dbUrl)) {
                // both chains are always checked and reported, so one broken chain does not hide the other
                boolean ledgerIntact = report(new LedgerChainVerifier(db.dataSource()).verify(), "request ");
                boolean auditIntact = report(new AdminAuditChainVerifier(db.dataSource()).verify(), "");
                return ledgerIntact && auditIntact ? 0 : 1;
            }
        }

        /** Prints the chain's one line; true when it is intact. */
        private static boolean report(ChainVerdict verdict, String rowLabel) {
            return switch (verdict) {
                case ChainVerdict.Intact intact -> {
                    System.out.println(intact.chain() + ": intact (" + intact.rows() + " rows)");
                    yield true;
                }
                case ChainVerdict.Broken broken -> {
                    System.out.println(broken.chain() + ": BROKEN at row " + broken.seq()
                            + (broken.rowId() == null ? "" : " (" + rowLabel + broken.rowId() + ")") + ": " + broken.reason());
                    yield false;
                }
            };
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write a tenant's ledger rows as JSON Lines with a detached Ed25519 signature in FILE.sig.")
    static final class Export implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--tenant", required = true, description = "tenant id (UUID)")
        UUID tenant;

        @Option(names = "--from", required = true, description = "first day or instant, inclusive (2026-11-01 or ISO-8601 UTC)")
        String from;

        @Option(names = "--to", required = true, description = "end day or instant, exclusive")
        String to;

        @Option(names = "--out", required = true, description = "output file (.jsonl)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Instant start = instant(from, "--from");
            Instant end = instant(to, "--to");
            if (!end.isAfter(start)) {
                System.err.println("moeserve audit export: --to must be after --from");
                return 2;
            }
            Path home = target.home();
            try (StateDatabase db = StateDatabase.open(home, target.dbUrl)) {
                long rows = LedgerExport.write(db.dataSource(), tenant, start, end, out,
                        AuditSigningKey.loadOrCreate(home).getPrivate());
                System.out.println("wrote " + rows + " rows to " + out + " and its signature to " + LedgerExport.signatureFile(out));
                return 0;
            }
        }
    }

    @Command(name = "verify-export", mixinStandardHelpOptions = true,
            description = "Check an export against its FILE.sig with the install's public key (or --public-key).")
    static final class VerifyExport implements Callable<Integer> {
        @Option(names = "--home", description = "state folder holding audit-signing-key.pub")
        Path home;

        @Option(names = "--public-key", description = "public key file (base64 X.509), e.g. a copy of audit-signing-key.pub")
        Path publicKey;

        @Parameters(index = "0", description = "the exported .jsonl file")
        Path file;

        @Override
        public Integer call() throws Exception {
            Path keyFile = publicKey != null ? publicKey
                    : AuditSigningKey.publicKeyFile(home != null ? home : StateHome.fromEnvironment().path());
            Path sig = LedgerExport.signatureFile(file);
            if (!Files.isRegularFile(sig)) {
                System.out.println(file + ": no signature file " + sig);
                return 1;
            }
            boolean ok = AuditSigningKey.verify(AuditSigningKey.readPublicKey(keyFile), Files.readAllBytes(file), Files.readString(sig));
            System.out.println(file + (ok ? ": signature valid" : ": signature INVALID (the file was changed or signed by another key)"));
            return ok ? 0 : 1;
        }
    }

    @Command(name = "purge-content", mixinStandardHelpOptions = true,
            description = "Delete stored request content past its tenant's retention period (the server does this hourly); ledger rows stay.")
    static final class PurgeContent implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            try (StateDatabase db = StateDatabase.open(target.home(), target.dbUrl)) {
                long purged = new RequestContentPurge(new PostgresRequestContentStore(db.dataSource()))
                        .purgeExpiredContent(Instant.now());
                System.out.println("request_content: purged " + purged + " rows past their retention period");
                return 0;
            }
        }
    }

    static Instant instant(String text, String option) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new AuditCommand()),
                    option + ": '" + text + "' is neither a date (2026-11-01) nor an ISO-8601 instant");
        }
    }
}
