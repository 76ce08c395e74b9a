package dev.moeserve.infrastructure.cli;

import dev.moeserve.infrastructure.weights.GoldenSet;
import dev.moeserve.infrastructure.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogitsCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} --mode {1} --attention {2}")
    @CsvSource({
            "V3_TINY, prefill, naive",
            "V3_TINY, decode, absorbed",
            "V2_LITE_TINY, prefill, absorbed",
            "V3_TINY_FP8, decode, naive",
            "V3_TINY_FP8, prefill, ''",
    })
    void writesTheLogitsAfterEveryPromptTokenAsOneF32Tensor(GoldenSet set, String mode, String attention) {
        GoldenSet.Expected expected = set.expected();
        Path out = tmp.resolve("logits.safetensors");
        String ids = String.join(",", java.util.Arrays.stream(expected.promptIds()).mapToObj(Integer::toString).toList());
        CliCapture run = attention.isEmpty()
                ? CliCapture.run("logits", "--model", set.directory().toString(), "--prompt-ids", ids, "--mode", mode,
                "--out", out.toString(), "--threads", "2")
                : CliCapture.run("logits", "--model", set.directory().toString(), "--prompt-ids", ids, "--mode", mode,
                "--attention", attention, "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();

        int tokens = expected.promptIds().length;
        float[] reference = mode.equals("prefill") ? expected.prefillLogits() : expected.decodeLogits();
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            assertThat(file.names()).containsExactly("logits");
            assertThat(file.entry("logits").orElseThrow().dtype()).isEqualTo("F32");
            assertThat(file.entry("logits").orElseThrow().shape()).containsExactly(tokens, expected.vocab());
            float[] logits = file.floats("logits");
            for (int t = 0; t < tokens; t++) {
                assertThat(GoldenSet.maxAbsDiff(logits, t, reference, t, expected.vocab()))
                        .as("row %d", t).isLessThanOrEqualTo(GoldenSet.TOLERANCE);
            }
        }
    }

    @Test
    void rejectsAnUnknownModeWithAClearMessage() {
        CliCapture run = CliCapture.run("logits", "--model", GoldenSet.V3_TINY.directory().toString(),
                "--prompt-ids", "1,2", "--mode", "sideways", "--out", tmp.resolve("x.safetensors").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--mode must be prefill or decode");
    }

    @Test
    void reportsABrokenCheckpointByName() {
        CliCapture run = CliCapture.run("logits", "--model", tmp.toString(), "--prompt-ids", "1,2", "--mode", "prefill",
                "--out", tmp.resolve("x.safetensors").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("no config.json");
    }

    @Test
    void rejectsTokenIdsOutsideTheVocabulary() {
        CliCapture run = CliCapture.run("logits", "--model", GoldenSet.V2_LITE_TINY.directory().toString(),
                "--prompt-ids", "1, 640", "--mode", "decode", "--out", tmp.resolve("x.safetensors").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("token id 640 is outside the vocabulary");
    }
}
