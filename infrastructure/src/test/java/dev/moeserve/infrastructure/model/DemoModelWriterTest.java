package dev.moeserve.infrastructure.model;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.compute.TopKMethod;
import dev.moeserve.domain.model.AttentionMode;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo model is a miniature DeepSeek-V3 that loads and runs like a real checkpoint. */
class DemoModelWriterTest {
    private static final int[] PROMPT = {0, 72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100};

    @TempDir
    static Path tmp;
    private static CpuBackend backend;
    private static LoadedModel demo;

    @BeforeAll
    static void writeAndLoad() throws IOException {
        DemoModelWriter.write(tmp.resolve("demo"), 7);
        backend = new CpuBackend(2);
        demo = CheckpointLoader.load(tmp.resolve("demo"), backend);
    }

    @AfterAll
    static void unload() {
        demo.close();
        backend.close();
    }

    @Test
    void isTheV3ArchitectureWithTheAgreedVocabularyAndSpecialTokens() {
        ModelConfig c = demo.config();
        assertThat(c.architecture()).isEqualTo("DeepseekV3ForCausalLM");
        assertThat(c.vocabSize()).isEqualTo(320);
        assertThat(c.bosTokenId()).hasValue(0);
        assertThat(c.eosTokenId()).hasValue(1);
        assertThat(c.maxPositionEmbeddings()).isEqualTo(4096);
        assertThat(c.hasQLora()).isTrue();
        assertThat(c.isMoeLayer(0)).isFalse();
        assertThat(c.isMoeLayer(1)).isTrue();
        assertThat(c.topkMethod()).isEqualTo(TopKMethod.NOAUX_TC);
        assertThat(c.routingRule().groups()).isEqualTo(2);
        assertThat(c.nSharedExperts()).isEqualTo(1);
        assertThat(c.ropeScaling()).isPresent();
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedOtherWeights() throws IOException {
        DemoModelWriter.write(tmp.resolve("again"), 7);
        DemoModelWriter.write(tmp.resolve("other"), 8);
        for (String file : new String[] {"config.json", "model.safetensors"}) {
            assertThat(Files.readAllBytes(tmp.resolve("again").resolve(file)))
                    .isEqualTo(Files.readAllBytes(tmp.resolve("demo").resolve(file)));
        }
        assertThat(Files.readAllBytes(tmp.resolve("other").resolve("model.safetensors")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("demo").resolve("model.safetensors")));
    }

    @Test
    void runsThroughTheForwardPassWithSaneLogitsInEveryMode() {
        float[] prefill;
        float[] absorbed = new float[PROMPT.length * 320];
        try (InferenceSession a = demo.transformer().newSession(PROMPT.length, AttentionMode.NAIVE);
             InferenceSession b = demo.transformer().newSession(PROMPT.length, AttentionMode.ABSORBED)) {
            prefill = a.prefillAllPositions(PROMPT);
            for (int t = 0; t < PROMPT.length; t++) {
                System.arraycopy(b.decode(PROMPT[t]), 0, absorbed, t * 320, 320);
            }
        }
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < prefill.length; i++) {
            assertThat(prefill[i]).isFinite();
            assertThat(Math.abs(prefill[i] - absorbed[i])).isLessThan(1e-4f);
            sum += prefill[i];
            sumSquares += (double) prefill[i] * prefill[i];
        }
        double mean = sum / prefill.length;
        double std = Math.sqrt(sumSquares / prefill.length - mean * mean);
        assertThat(std).as("logit spread").isBetween(0.1, 20.0);
    }

    @Test
    void aLongSessionGrowsItsCacheAndKeepsGoing() {
        try (InferenceSession session = demo.newSession(400)) {
            session.prefill(PROMPT);
            float[] logits = null;
            for (int i = 0; session.position() < 300; i++) {
                logits = session.decode(2 + i % 300);
            }
            assertThat(session.position()).isEqualTo(300);
            for (float v : logits) {
                assertThat(v).isFinite();
            }
        }
    }
}
