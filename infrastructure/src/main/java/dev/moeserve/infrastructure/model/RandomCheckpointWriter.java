package dev.moeserve.infrastructure.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.moeserve.infrastructure.tokenizer.DemoTokenizerWriter;
import dev.moeserve.infrastructure.weights.StreamingSafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a checkpoint of random weights at a {@link ModelPreset}'s shapes, in the Hugging Face layout
 * (sharded safetensors with an index, config.json, tokenizer.json), streaming every tensor to disk as it is
 * generated. Weights are uniform with the variance of a scaled normal initialization (projections
 * {@code 1/sqrt(in)}, residual outputs a further {@code 1/sqrt(2 * layers)}), so activations stay O(1)
 * through the layers and the router spreads tokens over the experts. The bytes are a pure function of
 * (preset, layers, dtype, seed).
 *
 * <p>With {@link WeightFormat#FP8}, every projection is F8_E4M3 with 128x128 {@code weight_scale_inv} blocks,
 * as in DeepSeek-V3's checkpoint; embeddings, {@code lm_head}, the router and the norms stay BF16.
 */
public final class RandomCheckpointWriter {
    private static final long SHARD_BYTES = 2L << 30;
    private static final int BLOCK = 128;
    private static final short BF16_ONE = 0x3F80;

    /** The stored format of the projections. */
    public enum WeightFormat {
        BF16, FP8, F32;

        public static WeightFormat parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "bf16" -> BF16;
                case "fp8", "f8", "f8_e4m3" -> FP8;
                case "f32", "fp32" -> F32;
                default -> throw new IllegalArgumentException("--dtype must be bf16, fp8 or f32, got '" + s + "'");
            };
        }
    }

    private final ModelPreset preset;
    private final int layers;
    private final WeightFormat format;
    private final long seed;

    public RandomCheckpointWriter(ModelPreset preset, int layers, WeightFormat format, long seed) {
        if (layers <= 0 || layers > preset.fullDepth()) {
            throw new IllegalArgumentException("--layers must be in 1.." + preset.fullDepth() + " for " + preset.id()
                    + ", got " + layers);
        }
        this.preset = preset;
        this.layers = layers;
        this.format = format;
        this.seed = seed;
    }

    /** Writes the checkpoint into {@code dir}; {@code progress} gets (bytes written, bytes total). */
    public void write(Path dir, Progress progress) throws IOException {
        Files.createDirectories(dir);
        String torchDtype = format == WeightFormat.F32 ? "float32" : "bfloat16";
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("config.json"),
                json.writeValueAsString(preset.config(layers, format == WeightFormat.FP8, torchDtype)) + "\n");
        DemoTokenizerWriter.write(dir);
        StreamingSafetensorsWriter writer = plan();
        long total = writer.totalBytes();
        writer.write(dir, written -> progress.report(written, total));
    }

    /** Reports bytes written of the total. */
    @FunctionalInterface
    public interface Progress {
        void report(long written, long total);
    }

    /** Bytes of tensor data the checkpoint will hold. */
    public long totalBytes() {
        return plan().totalBytes();
    }

    private StreamingSafetensorsWriter plan() {
        ModelPreset p = preset;
        StreamingSafetensorsWriter w = new StreamingSafetensorsWriter(SHARD_BYTES);
        double residual = 1.0 / Math.sqrt(2.0 * layers);
        dense(w, "model.embed_tokens.weight", p.vocab, p.hidden, 1.0);
        for (int layer = 0; layer < layers; layer++) {
            String prefix = "model.layers." + layer + ".";
            ones(w, prefix + "input_layernorm.weight", p.hidden);
            ones(w, prefix + "post_attention_layernorm.weight", p.hidden);
            String a = prefix + "self_attn.";
            int qOut = p.heads * (p.qkNope + p.qkRope);
            if (p.qLoraRank > 0) {
                projection(w, a + "q_a_proj.weight", p.qLoraRank, p.hidden, 1);
                ones(w, a + "q_a_layernorm.weight", p.qLoraRank);
                projection(w, a + "q_b_proj.weight", qOut, p.qLoraRank, 1);
            } else {
                projection(w, a + "q_proj.weight", qOut, p.hidden, 1);
            }
            projection(w, a + "kv_a_proj_with_mqa.weight", p.kvLoraRank + p.qkRope, p.hidden, 1);
            ones(w, a + "kv_a_layernorm.weight", p.kvLoraRank);
            projection(w, a + "kv_b_proj.weight", p.heads * (p.qkNope + p.vHead), p.kvLoraRank, 1);
            projection(w, a + "o_proj.weight", p.hidden, p.heads * p.vHead, residual);
            String m = prefix + "mlp.";
            if (layer < p.firstDense) {
                mlp(w, m, p.intermediate, residual);
            } else {
                dense(w, m + "gate.weight", p.routedExperts, p.hidden, 1.0 / Math.sqrt(p.hidden));
                if (p.usesBias()) {
                    long s = tensorSeed(m + "gate.e_score_correction_bias");
                    w.add(m + "gate.e_score_correction_bias", "F32", new long[] {p.routedExperts}, 4L * p.routedExperts,
                            floats(s, 0.01));
                }
                for (int e = 0; e < p.routedExperts; e++) {
                    mlp(w, m + "experts." + e + ".", p.moeIntermediate, residual);
                }
                if (p.sharedExperts > 0) {
                    mlp(w, m + "shared_experts.", p.sharedExperts * p.moeIntermediate, residual);
                }
            }
        }
        ones(w, "model.norm.weight", p.hidden);
        dense(w, "lm_head.weight", p.vocab, p.hidden, 1.0 / Math.sqrt(p.hidden));
        return w;
    }

    private void mlp(StreamingSafetensorsWriter w, String prefix, int width, double outScale) {
        projection(w, prefix + "gate_proj.weight", width, preset.hidden, 1);
        projection(w, prefix + "up_proj.weight", width, preset.hidden, 1);
        projection(w, prefix + "down_proj.weight", preset.hidden, width, outScale);
    }

    /** A [out, in] projection in the chosen format, std {@code scale / sqrt(in)}. */
    private void projection(StreamingSafetensorsWriter w, String name, int out, int in, double scale) {
        double std = scale / Math.sqrt(in);
        long[] shape = {out, in};
        long n = (long) out * in;
        long s = tensorSeed(name);
        switch (format) {
            case BF16 -> w.add(name, "BF16", shape, 2 * n, bf16(s, std));
            case F32 -> w.add(name, "F32", shape, 4 * n, floats(s, std));
            case FP8 -> {
                w.add(name, "F8_E4M3", shape, n, e4m3(s));
                long rowBlocks = Math.ceilDiv(out, BLOCK);
                long colBlocks = Math.ceilDiv(in, BLOCK);
                float scaleInv = (float) (std / E4M3_RMS);
                w.add(name + "_scale_inv", "F32", new long[] {rowBlocks, colBlocks}, 4 * rowBlocks * colBlocks,
                        (offset, buf) -> {
                            while (buf.hasRemaining()) {
                                buf.putFloat(scaleInv);
                            }
                        });
            }
        }
    }

    /** Embeddings, router and lm_head: BF16 in every format but F32. */
    private void dense(StreamingSafetensorsWriter w, String name, int rows, int cols, double std) {
        long n = (long) rows * cols;
        long s = tensorSeed(name);
        if (format == WeightFormat.F32) {
            w.add(name, "F32", new long[] {rows, cols}, 4 * n, floats(s, std));
        } else {
            w.add(name, "BF16", new long[] {rows, cols}, 2 * n, bf16(s, std));
        }
    }

    private void ones(StreamingSafetensorsWriter w, String name, int n) {
        if (format == WeightFormat.F32) {
            w.add(name, "F32", new long[] {n}, 4L * n, (offset, buf) -> {
                while (buf.hasRemaining()) {
                    buf.putFloat(1f);
                }
            });
        } else {
            w.add(name, "BF16", new long[] {n}, 2L * n, (offset, buf) -> {
                while (buf.hasRemaining()) {
                    buf.putShort(BF16_ONE);
                }
            });
        }
    }

    private long tensorSeed(String name) {
        return seed * 0x9E3779B97F4A7C15L ^ name.hashCode() * 0xC2B2AE3D27D4EB4FL;
    }

    /** Uniform on [-std*sqrt(3), std*sqrt(3)) (variance std^2), four values per random long. */
    private static StreamingSafetensorsWriter.Filler bf16(long seed, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        float step = (float) (std * Math.sqrt(3) / 32768.0);
        return (offset, buf) -> {
            while (buf.remaining() >= 8) {
                long r = random.nextLong();
                for (int i = 0; i < 4; i++) {
                    float v = ((int) ((r >>> (16 * i)) & 0xFFFF) - 32767.5f) * step;
                    buf.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
                }
            }
            while (buf.hasRemaining()) {
                buf.put((byte) 0);
            }
        };
    }

    private static StreamingSafetensorsWriter.Filler floats(long seed, double std) {
        SplittableRandom random = new SplittableRandom(seed);
        double a = std * Math.sqrt(3);
        return (offset, buf) -> {
            while (buf.remaining() >= 4) {
                buf.putFloat((float) ((random.nextDouble() * 2 - 1) * a));
            }
        };
    }

    /**
     * Random e4m3 bytes, every pattern but NaN equally likely; with scale_inv {@code std / E4M3_RMS} the
     * dequantized weights have standard deviation {@code std}.
     */
    private static StreamingSafetensorsWriter.Filler e4m3(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return (offset, buf) -> {
            while (buf.remaining() >= 8) {
                long r = random.nextLong();
                for (int i = 0; i < 8; i++) {
                    int b = (int) (r >>> (8 * i)) & 0xFF;
                    if ((b & 0x7F) == 0x7F) {
                        b ^= 1; // NaN -> 448
                    }
                    buf.put((byte) b);
                }
            }
            while (buf.hasRemaining()) {
                buf.put((byte) 0);
            }
        };
    }

    /** Root mean square of the e4m3 values the filler draws. */
    static final double E4M3_RMS = e4m3Rms();

    private static double e4m3Rms() {
        double sum = 0;
        int count = 0;
        for (int b = 0; b < 256; b++) {
            int bits = (b & 0x7F) == 0x7F ? b ^ 1 : b;
            int exponent = (bits >> 3) & 0xF;
            int mantissa = bits & 7;
            double v = exponent == 0 ? mantissa / 8.0 * Math.pow(2, -6) : (1 + mantissa / 8.0) * Math.pow(2, exponent - 7);
            sum += v * v;
            count++;
        }
        return Math.sqrt(sum / count);
    }

    @Override
    public String toString() {
        return preset.id() + " x" + layers + " " + format.name().toLowerCase(Locale.ROOT) + " seed " + seed;
    }

    /** Convenience for logs: bytes as GiB. */
    static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
