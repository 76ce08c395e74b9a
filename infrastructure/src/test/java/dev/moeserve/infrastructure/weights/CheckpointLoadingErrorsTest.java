package dev.moeserve.infrastructure.weights;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.ModelConfigException;
import dev.moeserve.domain.model.ModelLoadException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broken checkpoint fails to load with a message that names what is wrong and where. */
class CheckpointLoadingErrorsTest {
    private static CpuBackend backend;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        backend = new CpuBackend(1);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private ModelLoadException loadFailure(Path dir) {
        try (LoadedModel ignored = CheckpointLoader.load(dir, backend)) {
            throw new AssertionError("the checkpoint loaded");
        } catch (ModelLoadException e) {
            return e;
        }
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> t.remove("model.layers.2.mlp.experts.11.up_proj.weight"));
        assertThat(loadFailure(dir)).hasMessageContaining("has no tensor model.layers.2.mlp.experts.11.up_proj.weight");
    }

    @Test
    void aMisShapedTensorIsNamedWithBothShapes() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> {
            CheckpointSurgery.RawTensor kvB = t.get("model.layers.1.self_attn.kv_b_proj.weight");
            t.put("model.layers.1.self_attn.kv_b_proj.weight",
                    new CheckpointSurgery.RawTensor(kvB.dtype(), new long[] {128, 64}, kvB.bytes()));
        });
        assertThat(loadFailure(dir)).hasMessage("tensor model.layers.1.self_attn.kv_b_proj.weight has shape [128, 64] "
                + "but config.json implies [256, 32]");
    }

    @Test
    void anUnsupportedDtypeIsNamed() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V2_LITE_TINY, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> {
            CheckpointSurgery.RawTensor norm = t.get("model.norm.weight");
            t.put("model.norm.weight", new CheckpointSurgery.RawTensor("F64", new long[] {16}, norm.bytes()));
        });
        assertThat(loadFailure(dir)).hasMessageContaining("tensor model.norm.weight")
                .hasMessageContaining("dtype F64");
    }

    @Test
    void anIntegerWeightIsRejected() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V2_LITE_TINY, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> {
            CheckpointSurgery.RawTensor norm = t.get("model.norm.weight");
            t.put("model.norm.weight", new CheckpointSurgery.RawTensor("I32", new long[] {32}, norm.bytes()));
        });
        assertThat(loadFailure(dir)).hasMessageContaining("model.norm.weight").hasMessageContaining("I32");
    }

    @Test
    void anUnsupportedRoutingMethodNamesTheField() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        CheckpointSurgery.editConfig(dir, c -> c.put("topk_method", "aux_free_magic"));
        ModelLoadException e = loadFailure(dir);
        assertThat(e).isInstanceOf(ModelConfigException.class)
                .hasMessage("config.json: topk_method: 'aux_free_magic' is not supported (supported: greedy, "
                        + "group_limited_greedy, noaux_tc)");
    }

    @Test
    void unsupportedConfigValuesNameTheirField() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        CheckpointSurgery.editConfig(dir, c -> c.put("scoring_func", "sparsemax"));
        assertThat(((ModelConfigException) loadFailure(dir)).field()).isEqualTo("scoring_func");

        CheckpointSurgery.editConfig(dir, c -> {
            c.put("scoring_func", "sigmoid");
            c.withObject("rope_scaling").put("type", "dynamic");
        });
        assertThat(((ModelConfigException) loadFailure(dir)).field()).isEqualTo("rope_scaling.type");

        CheckpointSurgery.editConfig(dir, c -> {
            c.withObject("rope_scaling").put("type", "yarn");
            c.put("n_group", 3);
        });
        assertThat(((ModelConfigException) loadFailure(dir)).field()).isEqualTo("n_group");
    }

    @Test
    void aTruncatedFileNamesTheFileAndTheFirstTensorItCuts() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        Path file = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 100);
        }
        // tensors are stored in name order, so the last one is the layer-norm of the final norm
        assertThat(loadFailure(dir)).hasMessageStartingWith("model.safetensors is truncated: tensor model.norm.weight");
    }

    @Test
    void aFileCutInsideItsHeaderIsReportedAsTruncated() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        Path file = dir.resolve("model.safetensors");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(300);
        }
        assertThat(loadFailure(dir)).hasMessageContaining("model.safetensors is truncated: its header needs");
    }

    @Test
    void anFp8WeightWithoutItsScalesNamesTheMissingScaleTensor() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY_FP8, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> t.remove("model.layers.0.self_attn.o_proj.weight_scale_inv"));
        assertThat(loadFailure(dir)).hasMessageContaining("model.layers.0.self_attn.o_proj.weight_scale_inv");
    }

    @Test
    void fp8ScalesOfTheWrongShapeAreNamed() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY_FP8, tmp.resolve("m"));
        CheckpointSurgery.editConfig(dir, c -> c.withObject("quantization_config").putArray("weight_block_size").add(64).add(64));
        assertThat(loadFailure(dir)).hasMessageContaining("model.layers.0.self_attn.q_a_proj.weight_scale_inv has shape [2, 2]")
                .hasMessageContaining("expected [3, 3]");
    }

    @Test
    void fp8WeightsNeedAQuantizationConfig() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY_FP8, tmp.resolve("m"));
        CheckpointSurgery.editConfig(dir, c -> c.remove("quantization_config"));
        assertThat(loadFailure(dir)).hasMessageContaining("quantization_config");
    }

    @Test
    void noauxTcWithoutTheCorrectionBiasNamesIt() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        CheckpointSurgery.editTensors(dir, t -> t.remove("model.layers.1.mlp.gate.e_score_correction_bias"));
        assertThat(loadFailure(dir)).hasMessageContaining("model.layers.1.mlp.gate.e_score_correction_bias");
    }

    @Test
    void aDirectoryWithoutAConfigSaysSo() {
        assertThat(loadFailure(tmp)).hasMessageContaining("no config.json");
    }

    @Test
    void aShardListedInTheIndexButMissingIsNamed() throws IOException {
        Path dir = CheckpointSurgery.copy(GoldenSet.V3_TINY, tmp.resolve("m"));
        Files.delete(dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE),
                "{\"weight_map\": {\"model.norm.weight\": \"model-00001-of-00002.safetensors\"}}");
        assertThatThrownBy(() -> CheckpointLoader.load(dir, backend))
                .hasMessageContaining("model-00001-of-00002.safetensors");
    }
}
