package dev.moeserve.infrastructure.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.domain.compute.BlockScales;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.model.BlockQuantization;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.domain.model.WeightSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The safetensors files of a Hugging Face checkpoint directory, as a {@link WeightSource}: either one
 * {@code model.safetensors}, or shards listed by {@code model.safetensors.index.json} (or, without an
 * index, every {@code *.safetensors} file). F8_E4M3 weights are paired with their {@code <name>_scale_inv}
 * block scales using the block size from {@code quantization_config}.
 */
public final class Checkpoint implements WeightSource, AutoCloseable {
    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;
    private final Optional<BlockQuantization> quantization;
    private volatile LoadProgress progress = LoadProgress.NONE;

    private Checkpoint(Path directory, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor,
                       Optional<BlockQuantization> quantization) {
        this.directory = directory;
        this.files = files;
        this.byTensor = byTensor;
        this.quantization = quantization;
    }

    /**
     * Maps every weight file of {@code directory}.
     *
     * @throws ModelLoadException naming the file when one is missing, malformed or truncated
     */
    public static Checkpoint open(Path directory, Optional<BlockQuantization> quantization) {
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> byTensor = new HashMap<>();
            Path index = directory.resolve(INDEX_FILE);
            if (Files.exists(index)) {
                Map<String, String> weightMap = readIndex(index);
                Map<String, SafetensorsFile> byFile = new LinkedHashMap<>();
                for (String shard : new TreeSet<>(weightMap.values())) {
                    Path shardPath = directory.resolve(shard);
                    if (!Files.exists(shardPath)) {
                        throw new ModelLoadException(INDEX_FILE + " lists shard " + shard + ", which is missing from "
                                + directory);
                    }
                    SafetensorsFile file = SafetensorsFile.open(shardPath);
                    files.add(file);
                    byFile.put(shard, file);
                }
                for (Map.Entry<String, String> e : weightMap.entrySet()) {
                    byTensor.put(e.getKey(), byFile.get(e.getValue()));
                }
            } else {
                List<Path> paths = weightFiles(directory);
                for (Path path : paths) {
                    SafetensorsFile file = SafetensorsFile.open(path);
                    files.add(file);
                    for (String name : file.names()) {
                        SafetensorsFile before = byTensor.put(name, file);
                        if (before != null) {
                            throw new ModelLoadException("tensor " + name + " is in both " + before.fileName() + " and "
                                    + file.fileName());
                        }
                    }
                }
            }
            return new Checkpoint(directory, Collections.unmodifiableList(files), byTensor, quantization);
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private static Map<String, String> readIndex(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + index + ": " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelLoadException(INDEX_FILE + " has no weight_map object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        map.properties().forEach(e -> weightMap.put(e.getKey(), e.getValue().asText()));
        return weightMap;
    }

    private static List<Path> weightFiles(Path directory) {
        Path single = directory.resolve(SINGLE_FILE);
        if (Files.exists(single)) {
            return List.of(single);
        }
        try (Stream<Path> list = Files.list(directory)) {
            List<Path> found = list.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (found.isEmpty()) {
                throw new ModelLoadException("no " + SINGLE_FILE + ", " + INDEX_FILE + " or *.safetensors in " + directory);
            }
            return found;
        } catch (IOException e) {
            throw new ModelLoadException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Reports bytes handed out from here on to {@code progress}. */
    public void reportTo(LoadProgress progress) {
        this.progress = progress;
    }

    /** Stored bytes per shard file name, in file order. */
    public Map<String, Long> shardBytes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (SafetensorsFile f : files) {
            sizes.put(f.fileName(), f.names().stream().mapToLong(n -> f.entry(n).orElseThrow().byteSize()).sum());
        }
        return sizes;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public boolean contains(String name) {
        SafetensorsFile f = byTensor.get(name);
        return f != null && f.entry(name).isPresent();
    }

    @Override
    public HostTensor tensor(String name) {
        SafetensorsFile file = byTensor.get(name);
        if (file == null || file.entry(name).isEmpty()) {
            throw new ModelLoadException("checkpoint " + directory + " has no tensor " + name
                    + (file == null ? "" : " (the index puts it in " + file.fileName() + ")"));
        }
        if (file.dtype(name) != DType.F8_E4M3) {
            HostTensor plain = file.tensor(name);
            progress.advanced(file.fileName(), plain.byteSize());
            return plain;
        }
        BlockQuantization block = quantization.orElseThrow(() -> new ModelLoadException("tensor " + name
                + " is F8_E4M3 but config.json has no quantization_config.weight_block_size"));
        String scaleName = name + "_scale_inv";
        SafetensorsFile scaleFile = byTensor.get(scaleName);
        if (scaleFile == null || scaleFile.entry(scaleName).isEmpty()) {
            throw new ModelLoadException("checkpoint " + directory + " has no tensor " + scaleName
                    + ", the block scales of F8_E4M3 weight " + name);
        }
        HostTensor scale = scaleFile.tensor(scaleName);
        if (scale.dtype() != DType.F32) {
            throw new ModelLoadException("tensor " + scaleName + " is " + scale.dtype() + "; block scales must be F32");
        }
        SafetensorsFile.Entry weight = file.entry(name).orElseThrow();
        if (weight.shape().length == 2) {
            Shape expected = BlockScales.expectedShape((int) weight.shape()[0], (int) weight.shape()[1],
                    block.blockRows(), block.blockCols());
            if (!scale.shape().equals(expected)) {
                throw new ModelLoadException("tensor " + scaleName + " has shape " + scale.shape() + " but weight " + name
                        + " " + Shape.ofLongs(weight.shape()) + " in blocks of " + block.blockRows() + "x"
                        + block.blockCols() + " (quantization_config.weight_block_size) expected " + expected);
            }
        }
        BlockScales scales;
        try {
            scales = new BlockScales(scale.shape(), scale.data(), block.blockRows(), block.blockCols());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("tensor " + scaleName + ": " + e.getMessage(), e);
        }
        HostTensor quantized = file.tensor(name, scales);
        progress.advanced(file.fileName(), quantized.data().byteSize());
        progress.advanced(scaleFile.fileName(), scale.byteSize());
        return quantized;
    }

    /** Unmaps every file; tensors handed out become unusable. */
    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
