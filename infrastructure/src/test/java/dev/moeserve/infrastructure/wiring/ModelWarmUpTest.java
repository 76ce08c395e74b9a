package dev.moeserve.infrastructure.wiring;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.Sampler;
import dev.moeserve.domain.model.Transformer;
import dev.moeserve.infrastructure.model.DemoModelWriter;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup warm-up runs the model's paths and leaves nothing behind that changes a later request. */
class ModelWarmUpTest {
    private static final int[] PROMPT = {0, 72, 101, 108, 108, 111};

    @TempDir
    Path tmp;

    @Test
    void runsPrefillAndBothDecodeShapesWithoutChangingWhatTheModelComputesAfterwards() throws IOException {
        DemoModelWriter.write(tmp.resolve("demo"), 7);
        try (CpuBackend backend = new CpuBackend(2);
             LoadedModel demo = CheckpointLoader.load(tmp.resolve("demo"), backend)) {
            Transformer model = demo.transformer();
            float[] before = greedyLogits(model);
            long readBefore = backend.traffic().weightBytes();

            ModelWarmUp.Report report = ModelWarmUp.run(model);

            assertThat(report.prefillTokens()).isEqualTo(2 * ModelWarmUp.PROMPT_TOKENS);
            assertThat(report.decodeSteps()).isEqualTo(2 * ModelWarmUp.STEPS);
            assertThat(report.nanos()).isPositive();
            // every step read the model's weights: at least the output head once per decode step
            long lmHead = (long) model.config().vocabSize() * model.config().hiddenSize() * 2;
            assertThat(backend.traffic().weightBytes() - readBefore).isGreaterThan(report.decodeSteps() * lmHead);
            assertThat(greedyLogits(model)).as("logits of the same prompt after the warm-up").isEqualTo(before);
        }
    }

    /** Logits after the prompt and three greedy tokens, all concatenated. */
    private static float[] greedyLogits(Transformer model) {
        int vocab = model.config().vocabSize();
        float[] all = new float[4 * vocab];
        try (InferenceSession s = model.newSession(PROMPT.length + 3)) {
            float[] logits = s.prefill(PROMPT);
            for (int step = 0; step < 4; step++) {
                System.arraycopy(logits, 0, all, step * vocab, vocab);
                if (step < 3) {
                    logits = s.decode(Sampler.argmax(logits));
                }
            }
        }
        return all;
    }
}
