package dev.moeserve.infrastructure.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command-line entry point: {@code ./moeserve <subcommand>}. */
@Command(name = "moeserve", mixinStandardHelpOptions = true,
        description = "Self-hosted serving of DeepSeek-style MoE/MLA models.",
        subcommands = {
                ServeCommand.class,
                AuditCommand.class,
                LogitsCommand.class,
                GenerateCommand.class,
                TokenizeCommand.class,
                ChatTemplateCommand.class,
                GenerateModelCommand.class,
                BenchCommand.class,
                BenchServeCommand.class,
                BenchLedgerCommand.class,
        })
public final class MoeserveCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a subcommand and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new MoeserveCli()).execute(args);
    }
}
