package dev.moeserve.infrastructure.bench;

import dev.moeserve.adapters.cpu.CpuBackend;
import dev.moeserve.adapters.cpu.MachineProbe;
import dev.moeserve.adapters.cpu.Traffic;
import dev.moeserve.domain.model.BatchDecoder;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.domain.model.Transformer;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadProgress;
import dev.moeserve.infrastructure.weights.LoadedModel;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.DoubleStream;

/**
 * One benchmark run on the CPU backend: load a checkpoint, measure the machine's read bandwidth and FMA peak
 * on the same threads, prefill {@code batch} distinct prompts, then decode {@code genTokens} steps of the whole
 * batch through one {@link BatchDecoder} (the step a continuous-batching scheduler runs), counting the bytes
 * the ops really read. Decode feeds seeded random token ids, so routing varies from step to step the way text
 * makes it vary.
 */
public final class DecodeBenchmark {
    /** Bytes the bandwidth probe streams through by default: far beyond any cache. */
    public static final long PROBE_BYTES = 1L << 30;
    /**
     * Untimed decode steps first: HotSpot compiles the decode-only paths (absorbed attention, single-token
     * kernels) only after several steps, and C2 takes seconds over the largest kernels on a 2-core machine,
     * where its threads compete with the decode's. The roofline is about the steady state, not the compiler:
     * at least {@code WARMUP_STEPS} steps and {@code WARMUP_NANOS}, at most {@code MAX_WARMUP_STEPS} steps.
     */
    private static final int WARMUP_STEPS = 16;
    private static final int MAX_WARMUP_STEPS = 96;
    private static final long WARMUP_NANOS = 4_000_000_000L;

    /** @param profileOps time every compute-port call of the timed decode steps ({@link BenchResult#opMsPerStep}) */
    public record Options(Path model, int threads, int promptTokens, int genTokens, int batch, long seed, String dtype,
                          long probeBytes, boolean profileOps) {
        public Options {
            if (threads <= 0 || promptTokens <= 0 || genTokens <= 0 || batch <= 0 || probeBytes <= 0) {
                throw new IllegalArgumentException("--threads, --prompt-tokens, --gen-tokens and --batch must be positive");
            }
        }
    }

    private DecodeBenchmark() {
    }

    public static BenchResult run(Options o, Consumer<String> progress) {
        try (CpuBackend backend = new CpuBackend(o.threads())) {
            unrollWarning().ifPresent(progress);
            progress.accept("loading " + o.model());
            long t0 = System.nanoTime();
            OpTimer ops = new OpTimer();
            try (LoadedModel loaded = CheckpointLoader.load(o.model(), o.profileOps() ? ops.wrap(backend) : backend,
                    shards -> LoadProgress.NONE)) {
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                ModelConfig config = loaded.config();
                Transformer model = loaded.transformer();
                progress.accept(String.format(Locale.ROOT, "loaded in %.1f s; measuring memory bandwidth and FMA peak on %d threads",
                        loadSeconds, o.threads()));
                double[] before = MachineProbe.readBandwidthSamplesGbs(o.threads(), o.probeBytes(), 3);
                double bandwidth = Arrays.stream(before).max().orElseThrow();
                double fmaPeak = MachineProbe.fmaPeakGflops(o.threads(), 3);
                progress.accept(String.format(Locale.ROOT, "bandwidth %.1f GB/s, FMA peak %.1f GFLOP/s", bandwidth, fmaPeak));

                SplittableRandom random = new SplittableRandom(o.seed());
                int vocab = config.vocabSize();
                int capacity = o.promptTokens() + MAX_WARMUP_STEPS + o.genTokens();
                List<InferenceSession> sessions = new ArrayList<>();
                try (BatchDecoder decoder = model.newBatchDecoder()) {
                    // prefill: each sequence its own prompt; the first one also compiles the kernels
                    double prefillSeconds = 0;
                    for (int b = 0; b < o.batch(); b++) {
                        InferenceSession s = model.newSession(capacity);
                        sessions.add(s);
                        int[] prompt = random.ints(o.promptTokens(), 2, vocab).toArray();
                        long p0 = System.nanoTime();
                        s.prefill(prompt);
                        double seconds = (System.nanoTime() - p0) / 1e9;
                        prefillSeconds += seconds;
                        progress.accept(String.format(Locale.ROOT, "prefill %d/%d: %d tokens in %.2f s", b + 1,
                                o.batch(), o.promptTokens(), seconds));
                    }
                    if (o.batch() == 1) {
                        // the single prefill included JIT compilation: time a second one on a fresh session
                        try (InferenceSession again = model.newSession(o.promptTokens())) {
                            long p0 = System.nanoTime();
                            again.prefill(random.ints(o.promptTokens(), 2, vocab).toArray());
                            prefillSeconds = (System.nanoTime() - p0) / 1e9;
                        }
                    }
                    double prefillTokensPerS = o.batch() * (double) o.promptTokens() / prefillSeconds;
                    double prefillGflops = ModelFlops.prefill(config, o.promptTokens()) * o.batch() / prefillSeconds / 1e9;

                    int[] tokens = new int[o.batch()];
                    float[][] logits = new float[o.batch()][vocab];
                    long warm0 = System.nanoTime();
                    for (int step = 0; step < MAX_WARMUP_STEPS
                            && (step < WARMUP_STEPS || System.nanoTime() - warm0 < WARMUP_NANOS); step++) {
                        nextTokens(random, tokens, vocab);
                        decoder.step(sessions, tokens, logits);
                    }
                    Traffic traffic = backend.traffic();
                    traffic.reset();
                    ops.start();
                    long d0 = System.nanoTime();
                    long lastReport = d0;
                    for (int step = 0; step < o.genTokens(); step++) {
                        nextTokens(random, tokens, vocab);
                        decoder.step(sessions, tokens, logits);
                        long now = System.nanoTime();
                        if (now - lastReport > 2_000_000_000L) {
                            lastReport = now;
                            progress.accept(String.format(Locale.ROOT, "decode step %d/%d: %.2f tokens/s so far", step + 1,
                                    o.genTokens(), (step + 1) * o.batch() / ((now - d0) / 1e9)));
                        }
                    }
                    double decodeSeconds = (System.nanoTime() - d0) / 1e9;
                    ops.stop();
                    int steps = o.genTokens();
                    double decodeTokensPerS = steps * (double) o.batch() / decodeSeconds;
                    double weightPerStep = traffic.weightBytes() / (double) steps;
                    double cachePerStep = traffic.cacheBytes() / (double) steps;
                    double bytesPerToken = (weightPerStep + cachePerStep) / o.batch();
                    int moeLayers = 0;
                    for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
                        moeLayers += config.isMoeLayer(layer) ? 1 : 0;
                    }
                    double distinct = moeLayers == 0 ? 0 : traffic.expertMatrices() / (3.0 * moeLayers * steps);
                    // bandwidth again after decoding; the higher of the two is the ceiling
                    double[] after = MachineProbe.readBandwidthSamplesGbs(o.threads(), o.probeBytes(), 2);
                    double[] probes = DoubleStream.concat(Arrays.stream(before), Arrays.stream(after)).toArray();
                    bandwidth = Arrays.stream(probes).max().orElseThrow();
                    double roofline = bytesPerToken * decodeTokensPerS / (bandwidth * 1e9);
                    return new BenchResult("cpu", backend.info().device(), o.dtype(), o.threads(), o.batch(),
                            config.numHiddenLayers(), o.promptTokens(), o.genTokens(), loadSeconds, prefillTokensPerS,
                            prefillGflops, fmaPeak, decodeTokensPerS, decodeSeconds * 1000 / steps, bytesPerToken,
                            weightPerStep, cachePerStep, distinct, config.nRoutedExperts(), config.numExpertsPerTok(),
                            bandwidth, probes, roofline, ops.msPerStep(steps));
                } finally {
                    sessions.forEach(InferenceSession::close);
                }
            }
        }
    }

    /**
     * C2's own unrolling of the hand-unrolled kernels spills registers and costs about a third of the decode
     * rate; the {@code moeserve} launcher turns it off. Said when this JVM runs without that setting.
     */
    static Optional<String> unrollWarning() {
        try {
            String value = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("LoopMaxUnroll").getValue();
            return "1".equals(value) ? Optional.empty()
                    : Optional.of("warning: -XX:LoopMaxUnroll=" + value + " (the launcher sets 1); decode will be slower");
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return Optional.empty(); // not HotSpot C2
        }
    }

    private static void nextTokens(SplittableRandom random, int[] tokens, int vocab) {
        for (int b = 0; b < tokens.length; b++) {
            tokens[b] = random.nextInt(2, vocab);
        }
    }
}
