package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.support.Http;
import dev.moeserve.infrastructure.support.TestDatabase;
import dev.moeserve.infrastructure.support.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Streaming, stop sequences, seeds, text completions and parameter validation, through real HTTP. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingEndToEndTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;

    private Http http;
    private String key;
    private TenantOnboarding.IssuedKey issued;

    @Override
    public Map<String, String> getProperties() {
        return TestServer.properties();
    }

    @BeforeAll
    void tenant() {
        http = new Http(server.getURI());
        issued = onboarding.issueKey(onboarding.createTenant("stream-" + UUID.randomUUID()), "test");
        key = issued.secret().text();
    }

    private static String chat(String extra) {
        return "{\"model\":\"moeserve-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]" + extra + "}";
    }

    @Test
    void aStreamIsServerSentEventsOfChunksThenUsageThenDone() throws Exception {
        HttpResponse<String> response = http.post("/v1/chat/completions", key,
                chat(",\"max_tokens\":6,\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

        List<String> data = dataLines(response.body());
        assertThat(data.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = new ArrayList<>();
        for (String d : data.subList(0, data.size() - 1)) {
            chunks.add(JSON.readTree(d));
        }
        assertThat(chunks).allSatisfy(c -> assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks).extracting(c -> c.path("id").asText()).containsOnly(chunks.getFirst().path("id").asText());
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices")).isEmpty();
        JsonNode finish = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertThat(finish.path("finish_reason").asText()).isIn("stop", "length");

        StringBuilder streamed = new StringBuilder();
        for (JsonNode c : chunks.subList(0, chunks.size() - 1)) {
            streamed.append(c.path("choices").get(0).path("delta").path("content").asText(""));
        }
        String whole = JSON.readTree(http.post("/v1/chat/completions", key, chat(",\"max_tokens\":6,\"temperature\":0")).body())
                .path("choices").get(0).path("message").path("content").asText();
        assertThat(streamed.toString()).as("the stream carries the same text as the whole answer").isEqualTo(whole);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isBetween(1, 6);
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void theSameSeedGivesTheSameSampledOutput() throws Exception {
        String body = chat(",\"max_tokens\":12,\"temperature\":1.3,\"top_p\":0.95,\"seed\":1234");
        String first = content(http.post("/v1/chat/completions", key, body));
        String second = content(http.post("/v1/chat/completions", key, body));
        String otherSeed = content(http.post("/v1/chat/completions", key, body.replace("1234", "99")));
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void aStopSequenceEndsTheAnswerBeforeIt() throws Exception {
        String full = content(http.post("/v1/chat/completions", key, chat(",\"max_tokens\":40,\"temperature\":0,\"ignore_eos\":true")));
        // a stop taken from the middle of the greedy answer (not a replacement character of a split byte sequence)
        int at = 1;
        while (at < full.length() && (full.charAt(at) == '\uFFFD' || Character.isSurrogate(full.charAt(at)))) {
            at++;
        }
        assertThat(at).isLessThan(full.length());
        String stop = full.substring(at, at + 1);
        HttpResponse<String> response = http.post("/v1/chat/completions", key,
                chat(",\"max_tokens\":40,\"temperature\":0,\"ignore_eos\":true,\"stop\":[" + JSON.writeValueAsString(stop) + "]"));
        JsonNode choice = JSON.readTree(response.body()).path("choices").get(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void textCompletionsContinueARawPrompt() throws Exception {
        HttpResponse<String> response = http.post("/v1/completions", key,
                "{\"model\":\"moeserve-demo\",\"prompt\":\"abc\",\"max_tokens\":3,\"temperature\":0}");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void suffixOnAModelWithoutFimTokensIs400() throws Exception {
        HttpResponse<String> response = http.post("/v1/completions", key,
                "{\"model\":\"moeserve-demo\",\"prompt\":\"abc\",\"suffix\":\"xyz\",\"max_tokens\":3}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("suffix");
    }

    @Test
    void outOfRangeParametersAre422AndMalformedOnesAre400() {
        assertThat(http.post("/v1/chat/completions", key, chat(",\"temperature\":2.5")).statusCode()).isEqualTo(422);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"top_p\":0")).statusCode()).isEqualTo(422);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"max_tokens\":0")).statusCode()).isEqualTo(422);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]")).statusCode()).isEqualTo(422);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"n\":2")).statusCode()).isEqualTo(422);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"temperature\":\"hot\"")).statusCode()).isEqualTo(400);
        assertThat(http.post("/v1/chat/completions", key, chat(",\"stop\":42")).statusCode()).isEqualTo(400);
        assertThat(http.post("/v1/chat/completions", key,
                "{\"model\":\"moeserve-demo\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}").statusCode()).isEqualTo(400);
        assertThat(http.post("/v1/completions", key, "{\"model\":\"moeserve-demo\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void aPromptLongerThanTheContextIs400NamingBothLengths() throws Exception {
        // one token per byte with the demo tokenizer, whose model has 4096 positions
        HttpResponse<String> response = http.post("/v1/chat/completions", key,
                "{\"model\":\"moeserve-demo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(5000) + "\"}]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).contains("4096").contains("5003");
    }

    @Test
    void aClientThatDisconnectsStopsGenerationAndIsBilledAsCancelled() throws Exception {
        String body = chat(",\"max_tokens\":4000,\"temperature\":0,\"ignore_eos\":true,\"stream\":true");
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            OutputStream out = socket.getOutputStream();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int dataLines = 0;
            for (String line = in.readLine(); line != null && dataLines < 3; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    dataLines++;
                }
            }
            assertThat(dataLines).isEqualTo(3);
        }
        // the generation notices within a decode step; the row is written when it stops
        long deadline = System.currentTimeMillis() + 30_000;
        String status = null;
        int completion = -1;
        while (System.currentTimeMillis() < deadline && status == null) {
            try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                    "select status, completion_tokens from usage_ledger where api_key_id = ? and status <> 'completed'")) {
                st.setObject(1, issued.id().value());
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        status = rs.getString(1);
                        completion = rs.getInt(2);
                    }
                }
            }
            Thread.sleep(100);
        }
        assertThat(status).isEqualTo("cancelled");
        assertThat(completion).isBetween(1, 3999);
    }

    private static String content(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("choices").get(0).path("message").path("content").asText();
    }

    private static List<String> dataLines(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring("data: ".length()));
            }
        }
        return out;
    }
}
