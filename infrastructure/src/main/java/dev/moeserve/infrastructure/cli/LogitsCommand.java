package dev.moeserve.infrastructure.cli;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.domain.model.AttentionMode;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import dev.moeserve.infrastructure.weights.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ./moeserve logits}: runs a prompt through a checkpoint and writes the logits after every token,
 * for checking the engine against reference numbers.
 */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Write the logits after every prompt token as one F32 tensor 'logits' [T, vocab] in a safetensors file.")
final class LogitsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Checkpoint directory (config.json + safetensors).")
    private Path model;

    @Option(names = "--prompt-ids", required = true, paramLabel = "IDS", description = "Comma-separated token ids.")
    private String promptIds;

    @Option(names = "--mode", required = true, paramLabel = "prefill|decode",
            description = "prefill: one forward pass over the whole prompt; decode: one token at a time through the latent cache.")
    private String mode;

    @Option(names = "--attention", paramLabel = "naive|absorbed",
            description = "MLA implementation (default: naive for a multi-token prefill, absorbed for decode).")
    private String attention;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output .safetensors file.")
    private Path out;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all processors).")
    private Integer threads;

    @Override
    public Integer call() {
        boolean decode;
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "prefill" -> decode = false;
            case "decode" -> decode = true;
            default -> {
                return fail("--mode must be prefill or decode, got '" + mode + "'");
            }
        }
        AttentionMode forced;
        try {
            forced = attention == null ? null : AttentionMode.valueOf(attention.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fail("--attention must be naive or absorbed, got '" + attention + "'");
        }
        int[] ids;
        try {
            ids = TokenIds.parse(promptIds);
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        try (CpuBackend backend = threads == null ? new CpuBackend() : new CpuBackend(threads);
             LoadedModel loaded = CheckpointLoader.load(model, backend)) {
            int vocab = loaded.config().vocabSize();
            int tokens = ids.length;
            float[] logits;
            try (InferenceSession session = forced == null ? loaded.transformer().newSession(tokens)
                    : loaded.transformer().newSession(tokens, forced)) {
                if (decode) {
                    logits = new float[tokens * vocab];
                    for (int t = 0; t < tokens; t++) {
                        System.arraycopy(session.decode(ids[t]), 0, logits, t * vocab, vocab);
                    }
                } else {
                    logits = session.prefillAllPositions(ids);
                }
            }
            new SafetensorsWriter().f32("logits", logits, tokens, vocab).write(out);
            spec.commandLine().getOut().println("wrote logits [" + tokens + ", " + vocab + "] to " + out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (ModelLoadException | IllegalArgumentException | IllegalStateException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("cannot write " + out + ": " + e.getMessage());
        }
    }

    private int fail(String message) {
        spec.commandLine().getErr().println("moeserve logits: " + message);
        spec.commandLine().getErr().flush();
        return 1;
    }

    /** Token ids written as {@code 1,2,3} (spaces allowed), as {@code --prompt-ids} takes them. */
    static final class TokenIds {
        private TokenIds() {
        }

        static int[] parse(String value) {
            String[] parts = value.split(",");
            int[] ids = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i].strip();
                try {
                    ids[i] = Integer.parseInt(part);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--prompt-ids: '" + part + "' is not a token id");
                }
                if (ids[i] < 0) {
                    throw new IllegalArgumentException("--prompt-ids: token ids are not negative, got " + ids[i]);
                }
            }
            return ids;
        }

        static String join(int[] ids) {
            return String.join(",", Arrays.stream(ids).mapToObj(Integer::toString).toList());
        }
    }
}
