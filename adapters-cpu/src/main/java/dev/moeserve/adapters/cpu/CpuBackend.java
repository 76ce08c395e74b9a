package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.BackendInfo;
import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.RoutingRule;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.moeserve.adapters.cpu.Operands.cols;
import static dev.moeserve.adapters.cpu.Operands.cpu;
import static dev.moeserve.adapters.cpu.Operands.elements;
import static dev.moeserve.adapters.cpu.Operands.experts;
import static dev.moeserve.adapters.cpu.Operands.f32;
import static dev.moeserve.adapters.cpu.Operands.i32;
import static dev.moeserve.adapters.cpu.Operands.matrix;
import static dev.moeserve.adapters.cpu.Operands.shape;
import static dev.moeserve.adapters.cpu.Operands.vector;

/**
 * The compute port on the CPU, in plain multi-threaded Java. Activations live in heap arrays; weights keep
 * their stored format and are decoded inside the kernels.
 *
 * <p>Weights uploaded from memory-mapped checkpoint files are copied into the backend's own memory, in
 * transparent huge pages where the system offers them ({@link HugePageMemory}), as long as the copies together
 * stay within half of the physical memory; weights beyond that, and every weight when
 * {@code moeserve.cpu-weights} (system property) or {@code MOESERVE_CPU_WEIGHTS} is {@code map}, are read in
 * place from their mappings. Why copy: pages of a mapping left idle for a second or so (routed experts no
 * token chose lately, a second model) were read about 1.3x slower on their next use here (two v2-lite models
 * in one JVM taking turns of 4 batch-8 steps: 133 against 170 ms per step; turns of one step: 153 against
 * 160). The cost is load time: fresh memory is slow to fault in on this VM (about 2.3 s per GiB).
 */
public final class CpuBackend implements ComputeBackend {
    private static final EnumSet<DType> WEIGHT_DTYPES = EnumSet.of(DType.F32, DType.BF16, DType.F16, DType.F8_E4M3);

    private final Parallel parallel;
    private final MatrixKernels matrices;
    private final AttentionKernels attention;
    private final Traffic traffic = new Traffic();
    private final boolean copyMappedWeights;
    /** Bytes of weight copies this backend may hold: half of the physical memory unless a test says otherwise. */
    private final long copyBudget;
    private final AtomicLong copiedBytes = new AtomicLong();
    private final BufferPool buffers = new BufferPool(Runtime.getRuntime().maxMemory() / 8);

    /** A backend using every available processor. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        this(threads, copyMappedWeightsByDefault());
    }

    /**
     * @param copyMappedWeights copy weights uploaded from memory-mapped files, within the budget (else read
     *                          them in place)
     */
    public CpuBackend(int threads, boolean copyMappedWeights) {
        this(threads, copyMappedWeights, physicalMemory() / 2);
    }

    /** @param copyBudget bytes the weight copies may take together; weights beyond it are read in place */
    CpuBackend(int threads, boolean copyMappedWeights, long copyBudget) {
        this.copyMappedWeights = copyMappedWeights;
        this.copyBudget = copyBudget;
        this.parallel = new Parallel(threads);
        this.matrices = new MatrixKernels(parallel, traffic);
        this.attention = new AttentionKernels(parallel);
    }

    /** Bytes of weights and cache the ops have read (for benchmarks). */
    public Traffic traffic() {
        return traffic;
    }

    /** Threads the ops run on. */
    public int threads() {
        return parallel.threads();
    }

    @Override
    public BackendInfo info() {
        String device = parallel.threads() + " threads, " + System.getProperty("os.arch") + ", " + VectorMath.describe();
        return new BackendInfo("cpu", device, Runtime.getRuntime().maxMemory(), WEIGHT_DTYPES);
    }

    // ---------------------------------------------------------------- memory

    @Override
    public Tensor upload(HostTensor weight) {
        if (!WEIGHT_DTYPES.contains(weight.dtype())) {
            throw new IllegalArgumentException("tensor " + weight.name() + ": the CPU backend does not hold "
                    + weight.dtype() + " weights");
        }
        MemorySegment data = weight.data();
        long bytes = data.byteSize();
        if (!copyMappedWeights || !data.isMapped() || bytes == 0 || !reserveCopy(bytes)) {
            return new WeightTensor(weight);
        }
        HugePageMemory.Block copy;
        try {
            copy = HugePageMemory.allocate(bytes, () -> copiedBytes.addAndGet(-bytes));
        } catch (RuntimeException | OutOfMemoryError e) {
            copiedBytes.addAndGet(-bytes);
            throw e;
        }
        try {
            copyInParallel(data, copy.segment());
            return new WeightTensor(weight, copy);
        } catch (RuntimeException | Error e) {
            copy.owner().close(); // releases the memory and the budget
            throw e;
        }
    }

    private boolean reserveCopy(long bytes) {
        long now;
        do {
            now = copiedBytes.get();
            if (now + bytes > copyBudget) {
                return false;
            }
        } while (!copiedBytes.compareAndSet(now, now + bytes));
        return true;
    }

    /** Bytes of weight copies this backend holds now. */
    long copiedWeightBytes() {
        return copiedBytes.get();
    }

    /**
     * Copies in huge-page-sized pieces on all threads: the copy's cost here is mostly the kernel providing
     * fresh pages, which the threads do side by side.
     */
    private void copyInParallel(MemorySegment from, MemorySegment to) {
        long piece = HugePageMemory.HUGE_PAGE;
        long size = from.byteSize();
        int pieces = Math.toIntExact((size + piece - 1) / piece);
        parallel.forRange(pieces, piece, 1, (first, last) -> {
            long start = first * piece;
            long end = Math.min(size, last * piece);
            MemorySegment.copy(from, start, to, start, end - start);
        });
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** {@code copy} unless configured {@code map}; anything else is refused, naming the setting. */
    static boolean copyMappedWeightsByDefault() {
        String setting = System.getProperty("moeserve.cpu-weights", System.getenv("MOESERVE_CPU_WEIGHTS"));
        if (setting == null || setting.isBlank() || setting.strip().equalsIgnoreCase("copy")) {
            return true;
        }
        if (setting.strip().equalsIgnoreCase("map")) {
            return false;
        }
        throw new IllegalArgumentException("moeserve.cpu-weights (MOESERVE_CPU_WEIGHTS) must be copy or map, got '"
                + setting + "'");
    }

    @Override
    public Tensor stackExperts(List<Tensor> experts) {
        if (experts.isEmpty()) {
            throw new IllegalArgumentException("no experts to stack");
        }
        List<WeightTensor> weights = new ArrayList<>(experts.size());
        for (Tensor t : experts) {
            if (!(cpu(t, "expert") instanceof WeightTensor w) || w.shape().rank() != 2) {
                throw new IllegalArgumentException("experts must be uploaded 2-D weights, got " + t);
            }
            WeightTensor first = weights.isEmpty() ? w : weights.getFirst();
            if (!w.shape().equals(first.shape()) || w.dtype() != first.dtype()) {
                throw new IllegalArgumentException("expert " + w.name() + " is " + w.dtype() + " " + w.shape()
                        + " unlike " + first.name() + " (" + first.dtype() + " " + first.shape() + ")");
            }
            weights.add(w);
        }
        return new ExpertStack(weights);
    }

    @Override
    public Tensor allocate(DType dtype, int... dims) {
        Shape shape = Shape.of(dims);
        if (shape.elementCount() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor " + shape + " is too large for one CPU buffer");
        }
        return switch (dtype) {
            case F32 -> {
                float[] reused = buffers.take((int) shape.elementCount());
                yield reused != null ? new FloatTensor(shape, reused) : new FloatTensor(shape);
            }
            case I32 -> new IntTensor(shape);
            default -> throw new IllegalArgumentException("activations are F32 or I32, not " + dtype);
        };
    }

    @Override
    public void write(Tensor dst, float[] values) {
        FloatTensor t = f32(dst, "dst");
        elements(t, "dst", values.length);
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }

    @Override
    public void write(Tensor dst, int[] values) {
        IntTensor t = i32(dst, "dst");
        elements(t, "dst", values.length);
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }

    @Override
    public void read(Tensor src, float[] out) {
        FloatTensor t = f32(src, "src");
        elements(t, "src", out.length);
        System.arraycopy(t.data(), 0, out, 0, out.length);
    }

    @Override
    public void read(Tensor src, int[] out) {
        IntTensor t = i32(src, "src");
        elements(t, "src", out.length);
        System.arraycopy(t.data(), 0, out, 0, out.length);
    }

    @Override
    public void free(Tensor tensor) {
        if (tensor instanceof FloatTensor f) {
            float[] data = f.release();
            if (data != null) {
                buffers.give(data);
            }
        } else if (tensor instanceof CpuTensor t) {
            t.free();
        } else if (tensor != null) {
            throw new IllegalArgumentException("not a CPU tensor: " + tensor);
        }
    }

    @Override
    public void close() {
        parallel.close();
    }

    // ---------------------------------------------------------------- element-wise and copies

    @Override
    public void embed(Tensor table, int[] tokenIds, Tensor out) {
        CpuTensor t = matrix(table, "table");
        FloatTensor o = f32(out, "out");
        shape(o, "out", tokenIds.length, t.cols());
        float[] data = o.data();
        for (int i = 0; i < tokenIds.length; i++) {
            if (tokenIds[i] < 0 || tokenIds[i] >= t.rows()) {
                throw new IllegalArgumentException("token id " + tokenIds[i] + " is outside the table's " + t.rows() + " rows");
            }
            t.decodeRow(tokenIds[i], data, i * t.cols());
        }
        if (t instanceof WeightTensor weight) {
            traffic.weights(tokenIds.length * weight.storedRowBytes());
        }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        float[] x = f32(a, "a").data();
        float[] y = f32(b, "b").data();
        float[] z = f32(out, "out").data();
        if (x.length != y.length || x.length != z.length) {
            throw new IllegalArgumentException("add needs equal sizes, got " + a.shape() + ", " + b.shape() + ", " + out.shape());
        }
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] + y[i];
        }
    }

    @Override
    public void siluMul(Tensor gate, Tensor up, Tensor out) {
        float[] g = f32(gate, "gate").data();
        float[] u = f32(up, "up").data();
        float[] z = f32(out, "out").data();
        if (g.length != u.length || g.length != z.length) {
            throw new IllegalArgumentException("siluMul needs equal sizes, got " + gate.shape() + ", " + up.shape()
                    + ", " + out.shape());
        }
        parallel.forRange(z.length, 16, (from, to) -> VectorMath.siluMul(g, u, z, from, to));
    }

    @Override
    public void copyRows(Tensor src, int srcRow, Tensor dst, int dstRow, int rows) {
        FloatTensor s = f32(src, "src");
        FloatTensor d = f32(dst, "dst");
        cols(d, "dst", s.cols());
        if (rows < 0 || srcRow < 0 || dstRow < 0 || srcRow + rows > s.rows() || dstRow + rows > d.rows()) {
            throw new IllegalArgumentException("copyRows " + rows + " rows from " + srcRow + " of " + s.shape() + " to "
                    + dstRow + " of " + d.shape() + " is out of bounds");
        }
        System.arraycopy(s.data(), srcRow * s.cols(), d.data(), dstRow * d.cols(), rows * s.cols());
    }

    // ---------------------------------------------------------------- dense layers

    @Override
    public void linear(Tensor x, Tensor w, Tensor out) {
        FloatTensor input = f32(x, "x");
        CpuTensor weight = matrix(w, "w");
        FloatTensor output = f32(out, "out");
        if (input == output) {
            throw new IllegalArgumentException("linear cannot write over its input");
        }
        cols(weight, "w", input.cols());
        shape(output, "out", input.rows(), weight.rows());
        matrices.linear(input.data(), input.rows(), input.cols(), weight, output.data());
    }

    @Override
    public void rmsNorm(Tensor x, Tensor weight, float eps, Tensor out) {
        FloatTensor input = f32(x, "x");
        FloatTensor output = f32(out, "out");
        int d = input.cols();
        float[] w = vector(matrix(weight, "weight"), "weight", d);
        shape(output, "out", input.rows(), d);
        float[] src = input.data();
        float[] dst = output.data();
        parallel.forRange(input.rows(), 3L * d, (from, to) -> {
            for (int r = from; r < to; r++) {
                AttentionKernels.normalize(src, r * d, d, w, eps, dst, r * d);
            }
        });
    }

    @Override
    public void rope(Tensor x, Tensor table, int startPos, int heads, int headDim, int offset) {
        FloatTensor input = f32(x, "x");
        CpuTensor cosSin = matrix(table, "table");
        cols(input, "x", heads * headDim);
        int ropeDim = cosSin.cols();
        if (ropeDim % 2 != 0 || offset < 0 || offset + ropeDim > headDim) {
            throw new IllegalArgumentException("rope of " + ropeDim + " values at " + offset + " does not fit heads of "
                    + headDim);
        }
        checkPositions(startPos, input.rows(), cosSin);
        attention.rope(input, cosSin, startPos, heads, headDim, offset);
    }

    @Override
    public void rope(Tensor x, Tensor table, int[] positions, int heads, int headDim, int offset) {
        FloatTensor input = f32(x, "x");
        CpuTensor cosSin = matrix(table, "table");
        cols(input, "x", heads * headDim);
        int ropeDim = cosSin.cols();
        if (ropeDim % 2 != 0 || offset < 0 || offset + ropeDim > headDim) {
            throw new IllegalArgumentException("rope of " + ropeDim + " values at " + offset + " does not fit heads of "
                    + headDim);
        }
        if (positions.length != input.rows()) {
            throw new IllegalArgumentException(input.rows() + " rows need as many positions, got " + positions.length);
        }
        for (int p : positions) {
            checkPositions(p, 1, cosSin);
        }
        attention.rope(input, cosSin, positions, heads, headDim, offset);
    }

    private static void checkPositions(int startPos, int tokens, CpuTensor table) {
        if (startPos < 0 || startPos + tokens > table.rows()) {
            throw new IllegalArgumentException("positions " + startPos + ".." + (startPos + tokens - 1)
                    + " are outside the rotary table's " + table.rows());
        }
    }

    // ---------------------------------------------------------------- MLA over the latent cache

    @Override
    public void latentCacheWrite(Tensor kvA, Tensor norm, float eps, Tensor ropeTable, int startPos, Tensor cache) {
        FloatTensor input = f32(kvA, "kvA");
        FloatTensor c = f32(cache, "cache");
        CpuTensor table = matrix(ropeTable, "ropeTable");
        CpuTensor n = matrix(norm, "norm");
        int rank = Math.toIntExact(n.shape().elementCount());
        cols(input, "kvA", c.cols());
        if (c.cols() - rank != table.cols()) {
            throw new IllegalArgumentException("cache rows of " + c.cols() + " do not hold a latent of " + rank
                    + " plus a rotary key of " + table.cols());
        }
        if (startPos < 0 || startPos + input.rows() > c.rows()) {
            throw new IllegalArgumentException("tokens " + startPos + ".." + (startPos + input.rows() - 1)
                    + " do not fit a cache of " + c.rows());
        }
        checkPositions(startPos, input.rows(), table);
        attention.latentCacheWrite(input, vector(n, "norm", rank), eps, table, startPos, c);
    }

    @Override
    public void latentCacheWrite(Tensor kvA, Tensor norm, float eps, Tensor ropeTable, int[] positions,
                                 List<Tensor> caches) {
        FloatTensor input = f32(kvA, "kvA");
        CpuTensor table = matrix(ropeTable, "ropeTable");
        CpuTensor n = matrix(norm, "norm");
        int rank = Math.toIntExact(n.shape().elementCount());
        FloatTensor[] cs = batchCaches(caches, positions, input.rows(), input.cols());
        if (input.cols() - rank != table.cols()) {
            throw new IllegalArgumentException("kvA rows of " + input.cols() + " do not hold a latent of " + rank
                    + " plus a rotary key of " + table.cols());
        }
        for (int p : positions) {
            checkPositions(p, 1, table);
        }
        attention.latentCacheWrite(input, vector(n, "norm", rank), eps, table, positions, cs);
    }

    /** The caches of a batched step, checked: one per row, F32, {@code width} wide, holding each position. */
    private static FloatTensor[] batchCaches(List<Tensor> caches, int[] positions, int rows, int width) {
        if (caches.size() != rows || positions.length != rows) {
            throw new IllegalArgumentException(rows + " rows need as many caches and positions, got " + caches.size()
                    + " and " + positions.length);
        }
        FloatTensor[] cs = new FloatTensor[rows];
        for (int b = 0; b < rows; b++) {
            cs[b] = f32(caches.get(b), "caches[" + b + "]");
            cols(cs[b], "caches[" + b + "]", width);
            if (positions[b] < 0 || positions[b] >= cs[b].rows()) {
                throw new IllegalArgumentException("position " + positions[b] + " of row " + b
                        + " is outside its cache of " + cs[b].rows());
            }
            for (int a = 0; a < b; a++) {
                if (cs[a] == cs[b]) {
                    throw new IllegalArgumentException("rows " + a + " and " + b + " share one cache");
                }
            }
        }
        return cs;
    }

    @Override
    public void latentCacheRead(Tensor cache, int tokens, Tensor latent, Tensor ropeKeys) {
        FloatTensor c = f32(cache, "cache");
        FloatTensor l = f32(latent, "latent");
        FloatTensor r = f32(ropeKeys, "ropeKeys");
        if (tokens < 0 || tokens > c.rows()) {
            throw new IllegalArgumentException(tokens + " tokens exceed a cache of " + c.rows());
        }
        shape(l, "latent", tokens, l.cols());
        shape(r, "ropeKeys", tokens, c.cols() - l.cols());
        attention.latentCacheRead(c, tokens, l, r);
    }

    @Override
    public void mlaAttention(Tensor q, Tensor kvB, Tensor cache, int startPos, MlaDims dims, float scale, Tensor out) {
        FloatTensor query = f32(q, "q");
        CpuTensor w = matrix(kvB, "kvB");
        FloatTensor c = f32(cache, "cache");
        FloatTensor o = f32(out, "out");
        int tokens = query.rows();
        cols(query, "q", dims.heads() * dims.qkHeadDim());
        shape(w, "kvB", dims.heads() * dims.kvBRowsPerHead(), dims.kvLoraRank());
        cols(c, "cache", dims.latentWidth());
        shape(o, "out", tokens, dims.heads() * dims.vHeadDim());
        if (startPos < 0 || startPos + tokens > c.rows()) {
            throw new IllegalArgumentException("queries up to position " + (startPos + tokens - 1)
                    + " need a cache of at least " + (startPos + tokens) + " rows, got " + c.rows());
        }
        attention.absorbed(query, w, c, startPos, dims, scale, o);
        countAttention(w, (long) tokens * startPos + (long) tokens * (tokens + 1) / 2, dims);
    }

    @Override
    public void mlaAttention(Tensor q, Tensor kvB, List<Tensor> caches, int[] positions, MlaDims dims, float scale,
                             Tensor out) {
        FloatTensor query = f32(q, "q");
        CpuTensor w = matrix(kvB, "kvB");
        FloatTensor o = f32(out, "out");
        int rows = query.rows();
        cols(query, "q", dims.heads() * dims.qkHeadDim());
        shape(w, "kvB", dims.heads() * dims.kvBRowsPerHead(), dims.kvLoraRank());
        shape(o, "out", rows, dims.heads() * dims.vHeadDim());
        FloatTensor[] cs = batchCaches(caches, positions, rows, dims.latentWidth());
        float[][] data = new float[rows][];
        long keys = 0;
        for (int b = 0; b < rows; b++) {
            data[b] = cs[b].data();
            keys += positions[b] + 1;
        }
        attention.absorbed(query, w, data, dims.latentWidth(), positions, dims, scale, o);
        countAttention(w, keys, dims);
    }

    private void countAttention(CpuTensor kvB, long keys, MlaDims dims) {
        if (kvB instanceof WeightTensor weight) {
            traffic.weights(weight.storedBytes());
        }
        traffic.cache(keys * dims.latentWidth() * Float.BYTES);
    }

    @Override
    public void expandedAttention(Tensor q, Tensor kv, Tensor ropeKeys, int startPos, MlaDims dims, float scale,
                                  Tensor out) {
        FloatTensor query = f32(q, "q");
        FloatTensor keysValues = f32(kv, "kv");
        FloatTensor rope = f32(ropeKeys, "ropeKeys");
        FloatTensor o = f32(out, "out");
        int tokens = query.rows();
        cols(query, "q", dims.heads() * dims.qkHeadDim());
        cols(keysValues, "kv", dims.heads() * dims.kvBRowsPerHead());
        shape(rope, "ropeKeys", keysValues.rows(), dims.qkRopeHeadDim());
        shape(o, "out", tokens, dims.heads() * dims.vHeadDim());
        if (startPos < 0 || startPos + tokens > keysValues.rows()) {
            throw new IllegalArgumentException("queries up to position " + (startPos + tokens - 1) + " need "
                    + (startPos + tokens) + " keys, got " + keysValues.rows());
        }
        attention.expanded(query, keysValues, rope, startPos, dims, scale, o);
    }

    // ---------------------------------------------------------------- mixture of experts

    @Override
    public void route(Tensor x, Tensor gateWeight, Tensor bias, RoutingRule rule, Tensor weights, Tensor expertIds) {
        FloatTensor input = f32(x, "x");
        CpuTensor gate = matrix(gateWeight, "gateWeight");
        FloatTensor w = f32(weights, "weights");
        IntTensor ids = i32(expertIds, "expertIds");
        int tokens = input.rows();
        int experts = rule.experts();
        shape(gate, "gateWeight", experts, input.cols());
        shape(w, "weights", tokens, rule.topK());
        shape(ids, "expertIds", tokens, rule.topK());
        float[] biasValues = null;
        if (rule.usesBias()) {
            if (bias == null) {
                throw new IllegalArgumentException(rule.method().configName() + " routing needs the correction bias");
            }
            biasValues = vector(matrix(bias, "bias"), "bias", experts);
        }
        float[] logits = new float[tokens * experts]; // [T, experts]
        matrices.linear(input.data(), tokens, input.cols(), gate, logits);
        float[] wOut = w.data();
        int[] idOut = ids.data();
        for (int t = 0; t < tokens; t++) {
            rule.select(logits, t * experts, biasValues, wOut, idOut, t * rule.topK());
        }
    }

    @Override
    public void groupedExpertGemm(Tensor x, Tensor experts, Tensor expertIds, Tensor out) {
        FloatTensor input = f32(x, "x");
        ExpertStack stack = experts(experts, "experts");
        IntTensor ids = i32(expertIds, "expertIds");
        FloatTensor o = f32(out, "out");
        int tokens = ids.rows();
        int k = ids.cols();
        int in = stack.shape().dim(2);
        int outFeatures = stack.shape().dim(1);
        cols(input, "x", in);
        boolean broadcast;
        if (input.shape().rank() == 2 && input.rows() == tokens) {
            broadcast = true;
        } else if (input.shape().rank() == 3 && input.rows() == tokens * k) {
            broadcast = false;
        } else {
            throw new IllegalArgumentException("x must be [" + tokens + ", " + in + "] or [" + tokens + ", " + k + ", "
                    + in + "], got " + input.shape());
        }
        shape(o, "out", tokens * k, outFeatures);
        int[] idValues = ids.data();
        for (int id : idValues) {
            if (id < 0 || id >= stack.experts()) {
                throw new IllegalArgumentException("expert id " + id + " is outside 0.." + (stack.experts() - 1));
            }
        }
        matrices.groupedExpertGemm(input.data(), broadcast, in, stack, idValues, k, o.data());
    }

    @Override
    public void moeCombine(Tensor expertOut, Tensor weights, Tensor shared, Tensor out) {
        FloatTensor y = f32(expertOut, "expertOut");
        FloatTensor w = f32(weights, "weights");
        FloatTensor o = f32(out, "out");
        int tokens = w.rows();
        int k = w.cols();
        int hidden = o.cols();
        shape(y, "expertOut", tokens * k, hidden);
        shape(o, "out", tokens, hidden);
        float[] sharedValues = null;
        if (shared != null) {
            FloatTensor s = f32(shared, "shared");
            shape(s, "shared", tokens, hidden);
            sharedValues = s.data();
        }
        float[] ys = y.data();
        float[] ws = w.data();
        float[] os = o.data();
        float[] ss = sharedValues;
        parallel.forRange(tokens, (long) k * hidden, (from, to) -> {
            float[] acc = new float[hidden];
            for (int t = from; t < to; t++) {
                Arrays.fill(acc, 0f);
                for (int j = 0; j < k; j++) {
                    VectorMath.axpy(ws[t * k + j], ys, (t * k + j) * hidden, acc, 0, hidden);
                }
                for (int c = 0; c < hidden; c++) {
                    os[t * hidden + c] = ss == null ? acc[c] : acc[c] + ss[t * hidden + c];
                }
            }
        });
    }
}
