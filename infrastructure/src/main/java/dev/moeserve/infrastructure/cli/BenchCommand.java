package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.infrastructure.bench.BenchResult;
import dev.moeserve.infrastructure.bench.DecodeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve bench}: prefill and batched-decode rates of a checkpoint on the CPU backend, with the bytes a
 * decoded token reads and the machine's read bandwidth and FMA peak measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode speed against the memory-bandwidth roofline and the FMA peak.")
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    private Path model;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    private Integer threads;

    @Option(names = "--prompt-tokens", defaultValue = "128", paramLabel = "P",
            description = "Prompt length per sequence (default: ${DEFAULT-VALUE}).")
    private int promptTokens;

    @Option(names = "--gen-tokens", defaultValue = "32", paramLabel = "G",
            description = "Decode steps to time (default: ${DEFAULT-VALUE}).")
    private int genTokens;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B",
            description = "Sequences decoded together in each step (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the prompts and fed tokens.")
    private long seed;

    @Option(names = "--probe-mib", defaultValue = "1024", paramLabel = "MIB",
            description = "Buffer the bandwidth probe streams through (default: ${DEFAULT-VALUE}; keep it far above the caches).")
    private long probeMib;

    @Option(names = "--profile-ops", description = "Also report the milliseconds per decode step of each "
            + "compute op (op_ms_per_step; the timing proxy makes the run slightly slower).")
    private boolean profileOps;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            DecodeBenchmark.Options options = new DecodeBenchmark.Options(model,
                    threads == null ? Runtime.getRuntime().availableProcessors() : threads, promptTokens, genTokens,
                    batch, seed, weightFormat(model), probeMib << 20, profileOps);
            BenchResult result = DecodeBenchmark.run(options, line -> {
                err.println("bench: " + line);
                err.flush();
            });
            Map<String, Object> fields = result.toJson();
            if (json) {
                out.println(JSON.writeValueAsString(fields));
            } else {
                fields.forEach((k, v) -> out.printf(Locale.ROOT, "%-30s %s%n", k, v));
            }
            out.flush();
            return 0;
        } catch (ModelLoadException | IllegalArgumentException | IllegalStateException e) {
            err.println("moeserve bench: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("moeserve bench: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The projections' stored format as config.json declares it: fp8 with a quantization_config, else torch_dtype. */
    private static String weightFormat(Path dir) throws IOException {
        Path config = dir.resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no config.json in " + dir);
        }
        JsonNode root = JSON.readTree(config.toFile());
        JsonNode q = root.get("quantization_config");
        if (q != null && !q.isNull()) {
            return q.path("fmt").asText("fp8").startsWith("e4m3") ? "fp8" : q.path("quant_method").asText();
        }
        return switch (root.path("torch_dtype").asText("unknown")) {
            case "bfloat16" -> "bf16";
            case "float32" -> "f32";
            case "float16" -> "f16";
            default -> root.path("torch_dtype").asText("unknown");
        };
    }
}
