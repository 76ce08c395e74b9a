package dev.moeserve.infrastructure.tokenizer;

import dev.moeserve.infrastructure.tokenizer.DeepSeekV3Fixtures.EncodeCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DeepSeekV3TokenizerTest {
    private static final int BOS = 0;
    private static final int EOS = 1;

    static List<EncodeCase> encodeCases() {
        return DeepSeekV3Fixtures.encodeCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodeCases")
    void encodesExactlyAsTheReferenceImplementation(EncodeCase c) {
        assertThat(DeepSeekV3Fixtures.codec().encode(c.text())).containsExactly(c.ids());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encodeCases")
    void decodingTheReferenceIdsGivesTheTextBack(EncodeCase c) {
        assertThat(DeepSeekV3Fixtures.codec().decode(c.ids(), false)).isEqualTo(c.text());
    }

    @Test
    void theFixtureCoversEveryKindOfTextTheIssueNames() {
        List<String> texts = encodeCases().stream().map(EncodeCase::text).toList();
        assertThat(texts).anyMatch(t -> t.contains("你好"))
                .anyMatch(t -> t.contains("🚀"))
                .anyMatch(t -> t.contains("def forward"))
                .anyMatch(t -> t.contains("\n\n\n"))
                .anyMatch(t -> t.contains("<｜begin▁of▁sentence｜>"));
        assertThat(texts).hasSize(16);
    }

    @Test
    void addingSpecialTokensPutsBosFirstBecauseTheConfigSaysAddBosToken() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        int[] plain = codec.encode("Hello, world! 你好");

        assertThat(plain).containsExactly(19923, 14, 2058, 3, 223, 30594);
        assertThat(codec.encode("Hello, world! 你好", true))
                .containsExactly(IntStream.concat(IntStream.of(BOS), IntStream.of(plain)).toArray());
        assertThat(codec.encode("Hello, world! 你好", false)).containsExactly(plain);
    }

    @Test
    void specialTokenIdsComeFromTheConfigsTokenTexts() {
        assertThat(DeepSeekV3Fixtures.codec().beginningOfSequenceId()).hasValue(BOS);
        assertThat(DeepSeekV3Fixtures.codec().endOfSequenceId()).hasValue(EOS);
    }

    @Test
    void theUserFacingDecodeLeavesSpecialTokensOut() {
        HuggingFaceTextCodec codec = DeepSeekV3Fixtures.codec();
        int[] ids = codec.encode("<｜begin▁of▁sentence｜>Hi<｜end▁of▁sentence｜>");

        assertThat(ids).startsWith(BOS).endsWith(EOS);
        assertThat(codec.decode(ids)).isEqualTo("Hi");
        assertThat(codec.decode(ids, false)).isEqualTo("<｜begin▁of▁sentence｜>Hi<｜end▁of▁sentence｜>");
    }
}
