package dev.moeserve.infrastructure.cli;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.domain.model.Sampler;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve generate}: continues a prompt of token ids, one prefill then one decode step per
 * token, and prints the generated ids comma-separated as the last line. Stops early at the model's
 * end-of-sequence token, which is not printed.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate token ids after a prompt of token ids; prints them comma-separated as the last line.")
final class GenerateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Checkpoint directory (config.json + safetensors).")
    private Path model;

    @Option(names = "--prompt-ids", required = true, paramLabel = "IDS", description = "Comma-separated token ids.")
    private String promptIds;

    @Option(names = "--max-new-tokens", required = true, paramLabel = "N", description = "Most tokens to generate.")
    private int maxNewTokens;

    @Option(names = "--greedy", description = "Always take the most likely token (same as --temperature 0).")
    private boolean greedy;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    private double temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0", description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
    private double topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    private Integer threads;

    @Override
    public Integer call() {
        if (maxNewTokens < 0) {
            return fail("--max-new-tokens must not be negative, got " + maxNewTokens);
        }
        int[] prompt;
        try {
            prompt = LogitsCommand.TokenIds.parse(promptIds);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        try (CpuBackend backend = threads == null ? new CpuBackend() : new CpuBackend(threads);
             LoadedModel loaded = CheckpointLoader.load(model, backend)) {
            Sampler sampler = greedy ? Sampler.greedy() : new Sampler(temperature, topP, seed);
            OptionalInt eos = loaded.config().eosTokenId();
            int[] generated = new int[maxNewTokens];
            int count = 0;
            try (InferenceSession session = loaded.transformer().newSession(prompt.length + Math.max(maxNewTokens, 1))) {
                float[] logits = maxNewTokens == 0 ? null : session.prefill(prompt);
                while (count < maxNewTokens) {
                    int next = sampler.sample(logits);
                    if (eos.isPresent() && next == eos.getAsInt()) {
                        break;
                    }
                    generated[count++] = next;
                    if (count < maxNewTokens) {
                        logits = session.decode(next);
                    }
                }
            }
            spec.commandLine().getOut().println(LogitsCommand.TokenIds.join(Arrays.copyOf(generated, count)));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ModelLoadException | IllegalArgumentException | IllegalStateException e) {
            return fail(e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("moeserve generate: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }
}
