package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Copies a fixture checkpoint and breaks or reshapes it, for loader tests. */
final class CheckpointSurgery {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record RawTensor(String dtype, long[] shape, byte[] bytes) {
    }

    private CheckpointSurgery() {
    }

    /** Copies {@code config.json} and {@code model.safetensors} of {@code set} into {@code dir}. */
    static Path copy(GoldenSet set, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(set.directory().resolve("config.json"), dir.resolve("config.json"));
        Files.copy(set.directory().resolve("model.safetensors"), dir.resolve("model.safetensors"));
        return dir;
    }

    /** Every tensor of a safetensors file, in file order, copied to the heap. */
    static Map<String, RawTensor> read(Path file) {
        Map<String, RawTensor> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                SafetensorsFile.Entry e = f.entry(name).orElseThrow();
                tensors.put(name, new RawTensor(e.dtype(), e.shape(), f.bytes(name).toArray(ValueLayout.JAVA_BYTE)));
            }
        }
        return tensors;
    }

    static void write(Map<String, RawTensor> tensors, Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        tensors.forEach((name, t) -> w.raw(name, t.dtype(), t.shape(), t.bytes()));
        w.write(file);
    }

    /** Rewrites {@code dir/model.safetensors} after {@code edit} changed its tensors. */
    static void editTensors(Path dir, Consumer<Map<String, RawTensor>> edit) throws IOException {
        Path file = dir.resolve("model.safetensors");
        Map<String, RawTensor> tensors = read(file);
        edit.accept(tensors);
        write(tensors, file);
    }

    static void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(file));
        edit.accept(config);
        Files.writeString(file, JSON.writeValueAsString(config));
    }
}
