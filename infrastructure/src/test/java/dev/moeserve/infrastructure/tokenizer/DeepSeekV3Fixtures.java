package dev.moeserve.infrastructure.tokenizer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * DeepSeek-V3's tokenizer files and the reference ids computed from them (test resources under
 * {@code tokenizer/deepseek-v3}; see {@code /work/shared/golden/tokenizer/README.md} for their origin).
 * The 128k-token tokenizer is loaded once for all test classes of a run.
 */
final class DeepSeekV3Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HuggingFaceTextCodec codec;

    private DeepSeekV3Fixtures() {
    }

    record EncodeCase(String text, int[] ids) {
        /** Quoted, so that the empty and the blank text have names too. */
        @Override
        public String toString() {
            String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            return '"' + shown.replace("\n", "\\n").replace("\t", "\\t") + '"';
        }
    }

    record ChatCase(String name, List<Map<String, Object>> messages,
                    @JsonProperty("add_generation_prompt") boolean addGenerationPrompt, String text, int[] ids) {
        @Override
        public String toString() {
            return name != null ? name : messages.getLast().get("content") + "";
        }
    }

    private record Expected(List<EncodeCase> encode, List<ChatCase> chat) {
    }

    static synchronized HuggingFaceTextCodec codec() {
        if (codec == null) {
            codec = HuggingFaceTextCodec.load(dir());
        }
        return codec;
    }

    static Path dir() {
        return resourcePath("tokenizer/deepseek-v3");
    }

    static List<EncodeCase> encodeCases() {
        return read("tokenizer/deepseek-v3/deepseek-v3-expected.json", new TypeReference<Expected>() { }).encode();
    }

    static List<ChatCase> chatCases() {
        return read("tokenizer/deepseek-v3/deepseek-v3-expected.json", new TypeReference<Expected>() { }).chat();
    }

    /** Texts rendered by Python's Jinja2 for more conversations (tool calls, several system messages). */
    static List<ChatCase> moreChatCases() {
        return read("tokenizer/deepseek-v3/chat-more-expected.json", new TypeReference<List<ChatCase>>() { });
    }

    static <T> T read(String resource, TypeReference<T> type) {
        try (InputStream in = DeepSeekV3Fixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return JSON.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resourcePath(String resource) {
        URL url = DeepSeekV3Fixtures.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
