package dev.moeserve.infrastructure.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "serve", description = "Start the HTTP API on embedded defaults (embedded PostgreSQL, CPU backend, demo model).")
final class ServeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
