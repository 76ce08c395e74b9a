package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./moeserve bench-serve}: load against a running server. Measures (1) total decode tokens/s of N
 * concurrent streams against one stream, the gain of continuous batching, and (2) time to first token of a
 * long prompt sent twice, the gain of the prefix cache. Each phase runs once to warm up, then is timed.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
        description = "Measure continuous batching (N streams vs 1) and prefix caching (time to first token, repeated prompt) on a running server.")
final class BenchServeCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DECODE_ROUNDS = 3;
    /** Rounds allowed when the longer requests have not yet been timed slower (decode steps shorter than the noise). */
    private static final int MAX_DECODE_ROUNDS = 12;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "server base URL (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--key", description = "API key (default: $MOESERVE_HOME/demo-api-key)")
    String key;

    @Option(names = "--model", defaultValue = "moeserve-demo", description = "model id (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--streams", defaultValue = "8", description = "concurrent streams (default: ${DEFAULT-VALUE})")
    int streams;

    @Option(names = "--gen-tokens", defaultValue = "64", description = "tokens each stream generates (default: ${DEFAULT-VALUE})")
    int genTokens;

    @Option(names = "--prompt-words", defaultValue = "176", description = "words of the long prompt for the cache test (default: ${DEFAULT-VALUE}, about 1,000 tokens)")
    int promptWords;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Integer call() throws Exception {
        String apiKey = key != null ? key : Files.readString(StateHome.fromEnvironment().path().resolve("demo-api-key")).strip();
        ObjectNode out = JSON.createObjectNode();
        out.put("model", model);
        out.put("streams", streams);
        out.put("gen_tokens", genTokens);

        streamsRate(apiKey, 1); // warm-up
        double one = streamsRate(apiKey, 1);
        streamsRate(apiKey, streams); // warm-up
        double many = streamsRate(apiKey, streams);
        out.put("single_stream_tokens_per_s", round(one));
        out.put("concurrent_tokens_per_s", round(many));
        out.put("batching_gain", round(many / one));
        // the same with prefill and overheads differenced out: decode steps only
        streamedDecodeRate(apiKey, 1); // warm-up
        double decodeOne = streamedDecodeRate(apiKey, 1);
        double decodeMany = streamedDecodeRate(apiKey, streams);
        out.put("single_stream_decode_tokens_per_s", round(decodeOne));
        out.put("concurrent_decode_tokens_per_s", round(decodeMany));
        out.put("decode_batching_gain", round(decodeMany / decodeOne));

        firstToken(apiKey, longPrompt(1)); // warm-up with a prompt of its own
        String prompt = longPrompt(2);
        Ttft cold = firstToken(apiKey, prompt);
        Ttft warm = firstToken(apiKey, prompt);
        out.put("prompt_tokens", cold.promptTokens());
        out.put("ttft_uncached_s", round(cold.seconds()));
        out.put("ttft_cached_s", round(warm.seconds()));
        out.put("cached_prompt_tokens", warm.cachedTokens());
        out.put("prefix_cache_gain", round(cold.seconds() / warm.seconds()));

        if (json) {
            System.out.println(JSON.writeValueAsString(out));
        } else {
            out.fields().forEachRemaining(e -> System.out.println(e.getKey() + ": " + e.getValue()));
        }
        return 0;
    }

    /** Total completion tokens per second of {@code n} concurrent non-streamed requests. */
    private double streamsRate(String apiKey, int n) throws Exception {
        long start = System.nanoTime();
        long tokens = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = JSON.writeValueAsString(JSON.createObjectNode()
                        .put("model", model).put("max_tokens", genTokens).put("temperature", 0).put("ignore_eos", true)
                        .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                                .put("role", "user").put("content", "stream " + i + " " + System.nanoTime()))));
                calls.add(pool.submit(() -> post(apiKey, body)));
            }
            for (Future<JsonNode> call : calls) {
                tokens += call.get().path("usage").path("completion_tokens").asLong();
            }
        }
        return tokens / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Total decode tokens per second of {@code n} concurrent requests, with prefill and request overheads
     * differenced out: the same {@code n} requests are timed at {@code genTokens / 4} and at {@code genTokens}
     * new tokens (EOS ignored, so exactly that many), and the extra tokens are divided by the extra time,
     * which is decode steps with all {@code n} sequences in the batch. Each length is timed three times,
     * interleaved, and the fastest of each is kept, so one stall on a shared machine does not swing the difference;
     * more rounds run while the difference is not yet positive (a small model's steps are near the HTTP noise).
     */
    private double streamedDecodeRate(String apiKey, int n) throws Exception {
        int shorter = Math.max(1, genTokens / 4);
        long fewNanos = Long.MAX_VALUE;
        long manyNanos = Long.MAX_VALUE;
        long fewTokens = 0;
        long manyTokens = 0;
        for (int round = 0; round < DECODE_ROUNDS || (manyNanos <= fewNanos && round < MAX_DECODE_ROUNDS); round++) {
            long t0 = System.nanoTime();
            fewTokens = requests(apiKey, n, shorter);
            long t1 = System.nanoTime();
            manyTokens = requests(apiKey, n, genTokens);
            long t2 = System.nanoTime();
            fewNanos = Math.min(fewNanos, t1 - t0);
            manyNanos = Math.min(manyNanos, t2 - t1);
        }
        double extraSeconds = (manyNanos - fewNanos) / 1e9;
        if (extraSeconds <= 0 || manyTokens <= fewTokens) {
            throw new IOException("the longer requests were not slower (" + fewTokens + " tokens in " + fewNanos / 1_000_000 + " ms, " + manyTokens + " in " + manyNanos / 1_000_000 + " ms): raise --gen-tokens");
        }
        return (manyTokens - fewTokens) / extraSeconds;
    }

    /** Sends {@code n} concurrent requests of {@code maxTokens} new tokens; returns the completion tokens. */
    private long requests(String apiKey, int n, int maxTokens) throws Exception {
        long tokens = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = JSON.writeValueAsString(JSON.createObjectNode()
                        .put("model", model).put("max_tokens", maxTokens).put("temperature", 0).put("ignore_eos", true)
                        .set("messages", JSON.createArrayNode().add(JSON.createObjectNode()
                                .put("role", "user").put("content", "decode " + i))));
                calls.add(pool.submit(() -> post(apiKey, body)));
            }
            for (Future<JsonNode> call : calls) {
                tokens += call.get().path("usage").path("completion_tokens").asLong();
            }
        }
        return tokens;
    }

    private record Ttft(double seconds, int promptTokens, int cachedTokens) {
    }

    /** Streams one token and times the first content chunk. */
    private Ttft firstToken(String apiKey, String prompt) throws IOException, InterruptedException {
        ObjectNode payload = JSON.createObjectNode()
                .put("model", model).put("max_tokens", 2).put("temperature", 0).put("ignore_eos", true).put("stream", true);
        payload.set("stream_options", JSON.createObjectNode().put("include_usage", true));
        payload.set("messages", JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user").put("content", prompt)));
        String body = JSON.writeValueAsString(payload);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("server answered " + response.statusCode() + ": " + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        double first = -1;
        int promptTokens = 0;
        int cached = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("data: ") || line.equals("data: [DONE]")) {
                    continue;
                }
                JsonNode chunk = JSON.readTree(line.substring(6));
                if (first < 0 && !chunk.path("choices").path(0).path("delta").path("content").asText("").isEmpty()) {
                    first = (System.nanoTime() - start) / 1e9;
                }
                if (chunk.path("usage").isObject()) {
                    promptTokens = chunk.path("usage").path("prompt_tokens").asInt();
                    cached = chunk.path("usage").path("prompt_cache_hit_tokens").asInt();
                }
            }
        }
        return new Ttft(first < 0 ? (System.nanoTime() - start) / 1e9 : first, promptTokens, cached);
    }

    private String longPrompt(long seed) {
        Random random = new Random(seed);
        String[] words = {"alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < promptWords; i++) {
            sb.append(words[random.nextInt(words.length)]).append(' ');
        }
        return sb.toString();
    }

    private JsonNode post(String apiKey, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("server answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
