package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.model.ModelLoadException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code .safetensors} file, memory-mapped whole (any size) with the FFM API: an 8-byte little-endian
 * header length, a JSON header naming each tensor's dtype, shape and byte range, then the data. Tensors
 * are handed out as slices of the mapping, never copied. Every range is checked against the file size
 * when the file is opened, so a truncated file fails at once, naming the first tensor it cuts.
 */
public final class SafetensorsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A header larger than this is not a safetensors header (the format caps it at 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /**
     * One header entry.
     *
     * @param dtype the dtype as the file spells it (may be one moeserve does not support)
     * @param begin start of the data, relative to the data section
     * @param end   end of the data (exclusive), relative to the data section
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long byteSize() {
            return end - begin;
        }
    }

    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, Map<String, Entry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Maps {@code file} and validates its header.
     *
     * @throws ModelLoadException naming the file (and tensor) when it is unreadable, malformed or truncated
     */
    public static SafetensorsFile open(Path file) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment whole;
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                whole = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            }
            String name = file.getFileName().toString();
            if (whole.byteSize() < 8) {
                throw new ModelLoadException(name + " is truncated: " + whole.byteSize() + " bytes, not even a header length");
            }
            long headerLength = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw new ModelLoadException(name + " is not a safetensors file: header length " + headerLength);
            }
            if (8 + headerLength > whole.byteSize()) {
                throw new ModelLoadException(name + " is truncated: its header needs " + (8 + headerLength)
                        + " bytes but the file has " + whole.byteSize());
            }
            byte[] headerBytes = whole.asSlice(8, headerLength).toArray(ValueLayout.JAVA_BYTE);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new ModelLoadException(name + " has a malformed header: " + e.getMessage(), e);
            }
            if (header == null || !header.isObject()) {
                throw new ModelLoadException(name + " has a malformed header: not a JSON object");
            }
            MemorySegment data = whole.asSlice(8 + headerLength);
            Map<String, Entry> entries = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : header.properties()) {
                if (field.getKey().equals("__metadata__")) {
                    field.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                Entry entry = parseEntry(name, field.getKey(), field.getValue());
                if (entry.end() > data.byteSize()) {
                    throw new ModelLoadException(name + " is truncated: tensor " + entry.name() + " needs data bytes "
                            + entry.begin() + ".." + entry.end() + " but the file holds only " + data.byteSize());
                }
                entries.put(entry.name(), entry);
            }
            return new SafetensorsFile(file, arena, data, Collections.unmodifiableMap(entries),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            arena.close();
            throw new ModelLoadException("cannot map " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Entry parseEntry(String file, String name, JsonNode node) {
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelLoadException(file + ": tensor " + name + " has a malformed header entry: " + node);
        }
        long[] dims = new long[shape.size()];
        long elements = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong(-1);
            if (dims[i] < 0) {
                throw new ModelLoadException(file + ": tensor " + name + " has a malformed shape " + shape);
            }
            elements = Math.multiplyExact(elements, dims[i]);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new ModelLoadException(file + ": tensor " + name + " has malformed data_offsets " + offsets);
        }
        int size = elementSize(dtype.asText());
        if (size > 0 && end - begin != elements * size) {
            throw new ModelLoadException(file + ": tensor " + name + " is " + dtype.asText() + " " + shape + " ("
                    + elements * size + " bytes) but its data_offsets span " + (end - begin) + " bytes");
        }
        return new Entry(name, dtype.asText(), dims, begin, end);
    }

    /** Bytes per element of a safetensors dtype, or 0 when unknown. */
    private static int elementSize(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "F8_E4M3", "F8_E5M2", "I8", "U8", "BOOL" -> 1;
            default -> 0;
        };
    }

    public Path path() {
        return path;
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public Set<String> names() {
        return entries.keySet();
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The raw bytes of a tensor: a slice of the mapping. */
    public MemorySegment bytes(String name) {
        Entry e = require(name);
        return data.asSlice(e.begin(), e.byteSize());
    }

    /**
     * A tensor of a dtype moeserve computes with (F32, BF16, F16, F8_E4M3, I32), without block scales.
     *
     * @throws ModelLoadException naming the tensor when it is absent or of another dtype
     */
    public HostTensor tensor(String name) {
        return tensor(name, null);
    }

    /** A tensor with the block scales an F8_E4M3 tensor needs (null for other dtypes). */
    public HostTensor tensor(String name, BlockScales scales) {
        Entry e = require(name);
        DType dtype = dtypeOf(e);
        if (dtype == DType.F8_E4M3 && scales == null) {
            throw new ModelLoadException("tensor " + name + " in " + fileName() + " is F8_E4M3 and needs its block scales");
        }
        Shape shape = Shape.ofLongs(e.shape());
        try {
            return new HostTensor(name, dtype, shape, data.asSlice(e.begin(), e.byteSize()), scales);
        } catch (IllegalArgumentException ex) {
            throw new ModelLoadException(ex.getMessage(), ex);
        }
    }

    /** The dtype of tensor {@code name}, as moeserve names it. */
    public DType dtype(String name) {
        return dtypeOf(require(name));
    }

    /** The dtype of an entry, as moeserve names it. */
    DType dtypeOf(Entry e) {
        return switch (e.dtype()) {
            case "F32" -> DType.F32;
            case "BF16" -> DType.BF16;
            case "F16" -> DType.F16;
            case "F8_E4M3" -> DType.F8_E4M3;
            case "I32" -> DType.I32;
            default -> throw new ModelLoadException("tensor " + e.name() + " in " + fileName() + " has dtype " + e.dtype()
                    + ", which moeserve does not support (supported: F32, BF16, F16, F8_E4M3)");
        };
    }

    /** The values of an F32 tensor, copied to the heap (for small tensors: tests, fixtures). */
    public float[] floats(String name) {
        HostTensor t = tensor(name);
        if (t.dtype() != DType.F32) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + ", not F32");
        }
        return t.data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }

    /** The values of an I32 tensor, copied to the heap. */
    public int[] ints(String name) {
        HostTensor t = tensor(name);
        if (t.dtype() != DType.I32) {
            throw new IllegalArgumentException(name + " is " + t.dtype() + ", not I32");
        }
        return t.data().toArray(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }

    private Entry require(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelLoadException(fileName() + " has no tensor " + name);
        }
        return e;
    }

    /** Unmaps the file; tensors handed out become unusable. */
    @Override
    public void close() {
        arena.close();
    }
}
