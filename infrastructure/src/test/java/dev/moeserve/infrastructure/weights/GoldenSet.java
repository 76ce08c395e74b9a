package dev.moeserve.infrastructure.weights;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * A reference fixture set under {@code src/test/resources/golden/}: a tiny checkpoint and the logits that
 * DeepSeek's own {@code inference/model.py} computed for it in fp32 ({@code expected.safetensors}).
 */
public enum GoldenSet {
    V3_TINY("v3-tiny"),
    V2_LITE_TINY("v2-lite-tiny"),
    V3_TINY_FP8("v3-tiny-fp8");

    /** The README's tolerance for an fp32 engine. */
    public static final double TOLERANCE = 2e-4;

    private final String directoryName;

    GoldenSet(String directoryName) {
        this.directoryName = directoryName;
    }

    public Path directory() {
        URL url = GoldenSet.class.getResource("/golden/" + directoryName + "/config.json");
        if (url == null) {
            throw new IllegalStateException("fixture golden/" + directoryName + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path expectedFile() {
        return directory().resolve("expected.safetensors");
    }

    /** The reference outputs of this set, read into memory. */
    public Expected expected() {
        try (SafetensorsFile f = SafetensorsFile.open(expectedFile())) {
            int vocab = Math.toIntExact(f.entry("prefill_logits_last").orElseThrow().shape()[0]);
            return new Expected(vocab, f.ints("prompt_ids"), f.floats("prefill_logits"), f.floats("prefill_logits_last"),
                    f.floats("decode_logits"), f.ints("greedy_ids"), f.floats("greedy_logits"));
        }
    }

    @Override
    public String toString() {
        return directoryName;
    }

    /**
     * @param prefillLogits [T, V] row t = logits at position t of a causal forward over the prompt
     * @param decodeLogits  [T, V] row t = logits after feeding token t through the cache
     * @param greedyLogits  [N, V] the logits each greedy token was taken from
     */
    public record Expected(int vocab, int[] promptIds, float[] prefillLogits, float[] prefillLogitsLast,
                           float[] decodeLogits, int[] greedyIds, float[] greedyLogits) {
    }

    /** max |a - b| over row {@code row} of two row-major [*, vocab] arrays. */
    public static double maxAbsDiff(float[] a, int aRow, float[] b, int bRow, int vocab) {
        double max = 0;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, Math.abs((double) a[aRow * vocab + i] - b[bRow * vocab + i]));
        }
        return max;
    }
}
