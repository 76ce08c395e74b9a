package dev.moeserve.infrastructure.support;

import java.util.HashMap;
import java.util.Map;

/** Properties of an application context under test: the shared database and state folder, a random port, plus extras. */
public final class TestServer {
    private TestServer() {
    }

    /** @param extra alternating keys and values that add to or override the defaults */
    public static Map<String, String> properties(String... extra) {
        if (extra.length % 2 != 0) {
            throw new IllegalArgumentException("properties come in key, value pairs");
        }
        Map<String, String> props = new HashMap<>();
        props.put("datasources.default.url", TestDatabase.jdbcUrl());
        props.put("moeserve.home", SharedDemoHome.path().toString());
        props.put("micronaut.server.port", "-1");
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }
}
