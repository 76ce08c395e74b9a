package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.InferenceSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint split into shards with an index computes exactly what the single file does. */
class ShardedCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void shardsListedInTheIndexLoadAsOneCheckpoint() throws IOException {
        GoldenSet set = GoldenSet.V3_TINY_FP8;
        Path dir = Files.createDirectories(tmp.resolve("sharded"));
        Files.copy(set.directory().resolve("config.json"), dir.resolve("config.json"));
        Map<String, CheckpointSurgery.RawTensor> all = CheckpointSurgery.read(set.directory().resolve("model.safetensors"));
        // three shards; a weight and its scales may land in different shards
        List<Map<String, CheckpointSurgery.RawTensor>> shards = List.of(new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>());
        Map<String, String> weightMap = new TreeMap<>();
        List<String> names = new ArrayList<>(all.keySet());
        for (int i = 0; i < names.size(); i++) {
            int shard = i * 3 / names.size();
            shards.get(shard).put(names.get(i), all.get(names.get(i)));
            weightMap.put(names.get(i), "model-0000" + (shard + 1) + "-of-00003.safetensors");
        }
        for (int s = 0; s < 3; s++) {
            CheckpointSurgery.write(shards.get(s), dir.resolve("model-0000" + (s + 1) + "-of-00003.safetensors"));
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE),
                new ObjectMapper().writeValueAsString(Map.of("metadata", Map.of(), "weight_map", weightMap)));

        GoldenSet.Expected expected = set.expected();
        try (CpuBackend backend = new CpuBackend(2);
             LoadedModel single = CheckpointLoader.load(set.directory(), backend);
             LoadedModel sharded = CheckpointLoader.load(dir, backend);
             InferenceSession a = single.newSession(expected.promptIds().length);
             InferenceSession b = sharded.newSession(expected.promptIds().length)) {
            float[] fromShards = b.prefillAllPositions(expected.promptIds());
            assertThat(fromShards).containsExactly(a.prefillAllPositions(expected.promptIds()));
            for (int t = 0; t < expected.promptIds().length; t++) {
                assertThat(GoldenSet.maxAbsDiff(fromShards, t, expected.prefillLogits(), t, expected.vocab()))
                        .isLessThanOrEqualTo(GoldenSet.TOLERANCE);
            }
        }
    }
}
