package dev.moeserve.infrastructure.cli;

import java.nio.file.Path;
import java.util.Map;

/** The state folder of a moeserve install: {@code MOESERVE_HOME}, by default {@code ./.moeserve}. */
record StateHome(Path path) {

    static StateHome fromEnvironment() {
        String env = System.getenv("MOESERVE_HOME");
        Path path = env == null || env.isBlank() ? Path.of(".moeserve") : Path.of(env);
        return new StateHome(path.toAbsolutePath().normalize());
    }

    Map<String, Object> asProperties() {
        return Map.of("moeserve.home", path.toString());
    }
}
