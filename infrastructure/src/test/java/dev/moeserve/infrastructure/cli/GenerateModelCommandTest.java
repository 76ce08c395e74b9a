package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import dev.moeserve.infrastructure.weights.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateModelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bf16", "fp8", "f32"})
    void writesACheckpointThatLoadsAndRuns(String dtype) throws IOException {
        Path out = dir.resolve(dtype);
        CliCapture run = CliCapture.run("generate-model", "--preset", "tiny", "--layers", "2", "--dtype", dtype,
                "--seed", "3", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("config.json")).exists();
        assertThat(out.resolve("tokenizer.json")).exists();
        assertThat(out.resolve("model.safetensors.index.json")).exists();
        JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
        assertThat(config.get("num_hidden_layers").asInt()).isEqualTo(2);
        assertThat(config.has("quantization_config")).isEqualTo(dtype.equals("fp8"));
        try (CpuBackend backend = new CpuBackend(2);
             LoadedModel model = CheckpointLoader.load(out, backend);
             InferenceSession session = model.newSession(8)) {
            float[] logits = session.prefill(new int[] {0, 5, 9});
            assertThat(logits).hasSize(512);
            for (float v : logits) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }

    @Test
    void fp8KeepsEmbeddingsLmHeadAndRouterInBf16AndGivesProjectionsBlockScales() throws IOException {
        Path out = dir.resolve("fp8");
        assertThat(CliCapture.run("generate-model", "--preset", "tiny", "--layers", "2", "--dtype", "fp8",
                "--out", out.toString()).exitCode()).isZero();
        JsonNode map = JSON.readTree(out.resolve("model.safetensors.index.json").toFile()).get("weight_map");
        assertThat(dtypeOf(out, map, "model.embed_tokens.weight")).isEqualTo("BF16");
        assertThat(dtypeOf(out, map, "lm_head.weight")).isEqualTo("BF16");
        assertThat(dtypeOf(out, map, "model.layers.1.mlp.gate.weight")).isEqualTo("BF16");
        assertThat(dtypeOf(out, map, "model.layers.1.mlp.experts.3.up_proj.weight")).isEqualTo("F8_E4M3");
        assertThat(dtypeOf(out, map, "model.layers.1.mlp.experts.3.up_proj.weight_scale_inv")).isEqualTo("F32");
        assertThat(dtypeOf(out, map, "model.layers.0.self_attn.kv_b_proj.weight")).isEqualTo("F8_E4M3");
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        for (String name : new String[] {"a", "b"}) {
            assertThat(CliCapture.run("generate-model", "--preset", "tiny", "--layers", "1", "--seed", "9",
                    "--out", dir.resolve(name).toString()).exitCode()).isZero();
        }
        try (Stream<Path> files = Files.list(dir.resolve("a"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".safetensors")).toList()) {
                assertThat(Files.mismatch(f, dir.resolve("b").resolve(f.getFileName()))).isEqualTo(-1L);
            }
        }
    }

    @Test
    void unknownPresetsAndDepthsAreRefusedWithTheChoices() {
        CliCapture preset = CliCapture.run("generate-model", "--preset", "gpt-5", "--out", dir.toString());
        assertThat(preset.exitCode()).isEqualTo(1);
        assertThat(preset.err()).contains("deepseek-v2-lite", "deepseek-v3");
        CliCapture layers = CliCapture.run("generate-model", "--preset", "deepseek-v2-lite", "--layers", "28",
                "--out", dir.toString());
        assertThat(layers.exitCode()).isEqualTo(1);
        assertThat(layers.err()).contains("1..27");
    }

    private static String dtypeOf(Path dir, JsonNode map, String tensor) {
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(map.get(tensor).asText()))) {
            return f.entry(tensor).orElseThrow().dtype();
        }
    }
}
