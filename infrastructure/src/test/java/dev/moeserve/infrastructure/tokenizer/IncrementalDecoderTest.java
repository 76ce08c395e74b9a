package dev.moeserve.infrastructure.tokenizer;

import dev.moeserve.application.completion.IncrementalDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Streaming text out of ids never hands out part of a character. */
class IncrementalDecoderTest {
    private static final String MIXED = "Emoji: 🚀🔥 你好，世界！ café 👩‍💻 done";

    @TempDir
    static Path demoDir;
    private static HuggingFaceTextCodec demo;

    @BeforeAll
    static void writeDemoTokenizer() {
        DemoTokenizerWriter.write(demoDir);
        demo = HuggingFaceTextCodec.load(demoDir);
    }

    @AfterAll
    static void closeDemoTokenizer() {
        demo.close();
    }

    /** The pieces handed out for each id in turn, then what finish() flushes. */
    private static List<String> stream(HuggingFaceTextCodec codec, int[] ids) {
        IncrementalDecoder decoder = codec.incrementalDecoder();
        List<String> pieces = new ArrayList<>();
        for (int id : ids) {
            pieces.add(decoder.next(id));
        }
        pieces.add(decoder.finish());
        return pieces;
    }

    private static void assertWholeCharacters(List<String> pieces) {
        for (String piece : pieces) {
            assertThat(piece).doesNotContain("\uFFFD");
            assertThat(piece.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
            if (!piece.isEmpty()) {
                assertThat(Character.isLowSurrogate(piece.charAt(0))).as("piece starts mid-pair: %s", piece).isFalse();
                assertThat(Character.isHighSurrogate(piece.charAt(piece.length() - 1))).as("piece ends mid-pair").isFalse();
            }
        }
    }

    @Test
    void demoTokenizerStreamsMultiByteCharactersWhole() {
        int[] ids = demo.encode(MIXED);
        assertThat(ids).as("one token per UTF-8 byte").hasSize(MIXED.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        List<String> pieces = stream(demo, ids);

        assertWholeCharacters(pieces);
        assertThat(String.join("", pieces)).isEqualTo(MIXED);
        assertThat(pieces).contains("🚀", "你", "好", "é");
        assertThat(pieces.stream().filter(String::isEmpty).count())
                .as("bytes held back until their character is complete").isGreaterThan(10);
    }

    @Test
    void deepSeekTokensThatSplitAnEmojiAreHeldBackUntilItIsComplete() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        int[] ids = codec.encode("Emoji: 🚀🔥");
        // The fixture's ids: "🚀" is split over three byte-level tokens (7351 = " " + first bytes).
        assertThat(ids).containsSubsequence(7351, 251, 225);

        List<String> pieces = stream(codec, ids);

        assertWholeCharacters(pieces);
        assertThat(String.join("", pieces)).isEqualTo("Emoji: 🚀🔥");
        int at = Arrays.stream(ids).boxed().toList().indexOf(7351);
        assertThat(pieces.subList(at, at + 3)).containsExactly("", "", " 🚀");
    }

    @Test
    void deepSeekChineseAndMixedTextStreamsIntoTheDecodedText() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        for (var c : DeepSeekV3Fixtures.encodeCases()) {
            List<String> pieces = stream(codec, c.ids());
            assertWholeCharacters(pieces);
            assertThat(String.join("", pieces)).as(c.text()).isEqualTo(codec.decode(c.ids()));
        }
    }

    @Test
    void rareCharactersSplitAcrossDeepSeekTokensComeOutWhole() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        String text = "𠜎𠜱𠝹 🧑‍🚀 ∑∫ 鿰";
        int[] ids = codec.encode(text);
        assertThat(ids.length).as("more tokens than characters").isGreaterThan(text.codePointCount(0, text.length()));

        List<String> pieces = stream(codec, ids);

        assertWholeCharacters(pieces);
        assertThat(String.join("", pieces)).isEqualTo(text);
    }

    @Test
    void specialTokensAreLeftOutOfTheStream() {
        int[] ids = DeepSeekV3Fixtures.codec().encode("Hi!<｜end▁of▁sentence｜>");

        assertThat(String.join("", stream(DeepSeekV3Fixtures.codec(), ids))).isEqualTo("Hi!");
    }

    @Test
    void aCharacterCutOffByTheEndOfTheSequenceIsFlushedByFinish() {
        byte[] rocket = "🚀".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IncrementalDecoder decoder = demo.incrementalDecoder();

        assertThat(decoder.next(DemoTokenizerWriter.FIRST_BYTE_ID + 'a')).isEqualTo("a");
        for (int i = 0; i < rocket.length - 1; i++) {
            assertThat(decoder.next(DemoTokenizerWriter.FIRST_BYTE_ID + (rocket[i] & 0xff))).isEmpty();
        }
        assertThat(decoder.finish()).isEqualTo("\uFFFD");
    }
}
