package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a sharded safetensors checkpoint whose tensors are produced while they are written, a buffer at a
 * time, so a checkpoint of many gigabytes never sits in memory: the caller declares every tensor (name,
 * dtype, shape, and a {@link Filler} that produces its bytes in order), then {@link #write} lays them out in
 * shards of about {@code shardBytes} ({@code model-00001-of-0000N.safetensors}, tensors in name order within
 * a shard, the header padded to 8 bytes) plus {@code model.safetensors.index.json}.
 */
public final class StreamingSafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER_BYTES = 1 << 22;

    /** Produces a tensor's little-endian bytes in order; each call fills {@code out} up to its limit. */
    @FunctionalInterface
    public interface Filler {
        /**
         * @param offset bytes of this tensor already produced
         * @param out    buffer to fill completely (its remaining bytes), little-endian
         */
        void fill(long offset, ByteBuffer out);
    }

    private record Planned(String name, String dtype, long[] shape, long bytes, Filler filler) {
    }

    private final List<Planned> tensors = new ArrayList<>();
    private final long shardBytes;

    public StreamingSafetensorsWriter(long shardBytes) {
        if (shardBytes <= 0) {
            throw new IllegalArgumentException("shard size must be positive");
        }
        this.shardBytes = shardBytes;
    }

    /** Declares a tensor of {@code bytes} bytes; {@code filler} runs during {@link #write}. */
    public StreamingSafetensorsWriter add(String name, String dtype, long[] shape, long bytes, Filler filler) {
        if (tensors.stream().anyMatch(t -> t.name().equals(name))) {
            throw new IllegalArgumentException("duplicate tensor name " + name);
        }
        tensors.add(new Planned(name, dtype, shape.clone(), bytes, filler));
        return this;
    }

    /** Total bytes of tensor data declared. */
    public long totalBytes() {
        return tensors.stream().mapToLong(Planned::bytes).sum();
    }

    /**
     * Writes the shards and the index into {@code dir}, calling {@code progress} with the bytes written so far.
     * Tensors keep their declaration order across shards (so related tensors share a shard).
     */
    public void write(Path dir, java.util.function.LongConsumer progress) throws IOException {
        Files.createDirectories(dir);
        List<List<Planned>> shards = new ArrayList<>();
        List<Planned> current = new ArrayList<>();
        long size = 0;
        for (Planned t : tensors) {
            if (!current.isEmpty() && size + t.bytes() > shardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                size = 0;
            }
            current.add(t);
            size += t.bytes();
        }
        if (!current.isEmpty()) {
            shards.add(current);
        }
        Map<String, String> weightMap = new TreeMap<>();
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        long written = 0;
        for (int s = 0; s < shards.size(); s++) {
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size());
            List<Planned> ordered = new ArrayList<>(shards.get(s));
            ordered.sort(Comparator.comparing(Planned::name));
            for (Planned t : ordered) {
                weightMap.put(t.name(), file);
            }
            written = writeShard(dir.resolve(file), ordered, buffer, written, progress);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", totalBytes()));
        index.put("weight_map", weightMap);
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE),
                JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index) + "\n");
    }

    private static long writeShard(Path file, List<Planned> ordered, ByteBuffer buffer, long written,
                                   java.util.function.LongConsumer progress) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (Planned t : ordered) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + t.bytes()});
            header.put(t.name(), entry);
            offset += t.bytes();
        }
        byte[] json = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(headerBytes).flip();
            writeFully(out, head);
            for (Planned t : ordered) {
                long done = 0;
                while (done < t.bytes()) {
                    int n = (int) Math.min(buffer.capacity(), t.bytes() - done);
                    buffer.clear().limit(n);
                    t.filler().fill(done, buffer);
                    if (buffer.position() != n) {
                        throw new IllegalStateException("filler of " + t.name() + " produced " + buffer.position()
                                + " of " + n + " bytes");
                    }
                    buffer.flip();
                    writeFully(out, buffer);
                    done += n;
                    written += n;
                    progress.accept(written);
                }
            }
        }
        return written;
    }

    private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
