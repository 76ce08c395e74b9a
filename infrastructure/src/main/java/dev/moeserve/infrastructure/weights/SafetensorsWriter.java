package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@code .safetensors} file the way the reference tools do: tensors in name order, the JSON
 * header padded with spaces to a multiple of 8 bytes, {@code __metadata__} {@code {"format":"pt"}}
 * unless told otherwise.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Pending(String name, String dtype, long[] shape, byte[] bytes) {
    }

    private final List<Pending> tensors = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>(Map.of("format", "pt"));

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds an F32 tensor. */
    public SafetensorsWriter f32(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return raw(name, "F32", shape, b.array());
    }

    /** Adds an I32 tensor. */
    public SafetensorsWriter i32(String name, int[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return raw(name, "I32", shape, b.array());
    }

    /** Adds a BF16 tensor given its 16-bit patterns. */
    public SafetensorsWriter bf16(String name, short[] bits, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(bits);
        return raw(name, "BF16", shape, b.array());
    }

    /** Adds a tensor of any dtype from its little-endian bytes. */
    public SafetensorsWriter raw(String name, String dtype, long[] shape, byte[] bytes) {
        if (name.equals("__metadata__") || tensors.stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("duplicate or reserved tensor name " + name);
        }
        tensors.add(new Pending(name, dtype, shape.clone(), bytes));
        return this;
    }

    public void write(Path file) throws IOException {
        List<Pending> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparing(Pending::name));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Pending t : ordered) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + t.bytes().length});
            header.put(t.name(), entry);
            offset += t.bytes().length;
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (Pending t : ordered) {
                out.write(t.bytes());
            }
        }
    }
}
