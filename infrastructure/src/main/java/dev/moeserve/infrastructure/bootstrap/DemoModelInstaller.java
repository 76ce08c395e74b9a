package dev.moeserve.infrastructure.bootstrap;

import dev.moeserve.infrastructure.model.DemoModelWriter;
import dev.moeserve.infrastructure.tokenizer.DemoTokenizerWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Creates the demo checkpoint on first start. It is written into a sibling folder and moved into
 * place in one step, so an interrupted first start never leaves a half-written model behind.
 */
public final class DemoModelInstaller {
    /** Fixed so every install serves the same demo weights. */
    public static final long DEMO_SEED = 20_261_128L;

    private DemoModelInstaller() {
    }

    /** @return true when the model was created now, false when it was already there */
    public static synchronized boolean ensure(Path dir) {
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return false;
        }
        try {
            Files.createDirectories(dir.getParent());
            Path staging = Files.createTempDirectory(dir.getParent(), ".demo-staging-");
            try {
                DemoModelWriter.write(staging, DEMO_SEED);
                DemoTokenizerWriter.write(staging);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteRecursively(staging);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the demo model in " + dir, e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
