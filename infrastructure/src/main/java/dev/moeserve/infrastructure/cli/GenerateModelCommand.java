package dev.moeserve.infrastructure.cli;

import dev.moeserve.infrastructure.model.ModelPreset;
import dev.moeserve.infrastructure.model.RandomCheckpointWriter;
import dev.moeserve.infrastructure.model.RandomCheckpointWriter.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve generate-model}: a checkpoint with random weights at a real model's shapes, for
 * benchmarks. The tensors are generated while they are written, so it needs no more memory than a buffer.
 */
@Command(name = "generate-model", mixinStandardHelpOptions = true,
        description = "Write a random-weight checkpoint at a real DeepSeek model's shapes (Hugging Face layout: "
                + "sharded safetensors, index, config.json, tokenizer.json).")
final class GenerateModelCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "NAME",
            description = "deepseek-v2-lite or deepseek-v3 (all real dimensions), or tiny (toy dimensions, for tests).")
    private String preset;

    @Option(names = "--layers", paramLabel = "N", description = "Layers to keep (default: the model's full depth).")
    private Integer layers;

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "bf16|fp8|f32",
            description = "Stored format of the projections; fp8 is DeepSeek-V3's F8_E4M3 with 128x128 "
                    + "weight_scale_inv blocks (embeddings, lm_head and the router stay BF16). Default: ${DEFAULT-VALUE}.")
    private String dtype;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    private Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            ModelPreset p = ModelPreset.byId(preset);
            WeightFormat format = WeightFormat.parse(dtype);
            RandomCheckpointWriter writer = new RandomCheckpointWriter(p, layers == null ? p.fullDepth() : layers,
                    format, seed);
            long total = writer.totalBytes();
            err.printf(Locale.ROOT, "generate-model: %s, %.2f GiB of tensors into %s%n", writer,
                    total / (double) (1L << 30), out);
            err.flush();
            long[] lastPercent = {-1};
            long started = System.nanoTime();
            writer.write(out, (written, all) -> {
                long percent = written * 100 / Math.max(1, all);
                if (percent / 5 != lastPercent[0] / 5) {
                    lastPercent[0] = percent;
                    err.printf(Locale.ROOT, "generate-model: %3d%% (%.2f of %.2f GiB)%n", percent,
                            written / (double) (1L << 30), all / (double) (1L << 30));
                    err.flush();
                }
            });
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s to %s in %.1f s%n", writer, out,
                    (System.nanoTime() - started) / 1e9);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("moeserve generate-model: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("moeserve generate-model: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
