package dev.moeserve.infrastructure.support;

import java.nio.file.Path;

/** One state folder per test JVM, so the demo model is written once and reused by every context. */
public final class SharedDemoHome {
    private static Path home;

    private SharedDemoHome() {
    }

    public static synchronized Path path() {
        if (home == null) {
            home = TestDatabase.newHome();
        }
        return home;
    }
}
