package dev.moeserve.infrastructure.http;

import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A streamed request waiting for a batch place receives ": keep-alive" comments until its first token. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepAliveTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties("moeserve.max-batch", "1",
                "moeserve.queue-capacity", "1",
                "moeserve.keep-alive", "100ms");
    }

    @Test
    void aQueuedStreamGetsKeepAliveCommentsAndNoEmptyData() throws Exception {
        String key = onboarding.issueKey(onboarding.createTenant("keepalive-" + UUID.randomUUID()), "t").secret().text();
        String body = "{\"model\":\"moeserve-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":4000,\"temperature\":0,\"ignore_eos\":true,\"stream\":true}";
        try (Socket running = open(key, body)) {
            BufferedReader first = reader(running);
            for (String line = first.readLine(); line != null && !isText(line); line = first.readLine()) {
                // until the running stream holds the only batch place and is generating text
            }
            try (Socket waiting = open(key, body)) {
                assertQueuedStreamGetsKeepAlive(reader(waiting));
            }
        }
    }

    private static boolean isText(String line) {
        return line.matches("data: .*\"content\":\"[^\"].*");
    }

    private static void assertQueuedStreamGetsKeepAlive(BufferedReader queued) throws Exception {
        boolean keepAlive = false;
        long deadline = System.currentTimeMillis() + 10_000;
        for (String line = queued.readLine(); line != null && System.currentTimeMillis() < deadline; line = queued.readLine()) {
            assertThat(line).as("no empty data events").isNotEqualTo("data: ").isNotEqualTo("data:");
            if (line.equals("data: [DONE]") || isText(line)) {
                break; // text arrived before any keep-alive was due: the assertion below says so
            }
            if (line.equals(": keep-alive") || line.equals(":keep-alive")) {
                keepAlive = true;
                break;
            }
        }
        assertThat(keepAlive).isTrue();
    }

    private Socket open(String key, String body) throws Exception {
        Socket socket = new Socket("127.0.0.1", server.getPort());
        socket.setSoTimeout(20_000); // a test must fail, never hang
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }
}
