package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A batched decode step: advances several independent sequences ({@link InferenceSession}s of one
 * {@link Transformer}, each with its own latent cache and position) by one token each in a single forward
 * pass. The rows share every weight read: dense projections run as one matrix product over the batch, and
 * the MoE layers group the rows by expert so each selected expert is read once per step. Attention is the
 * only per-sequence part; each row attends absorbed over its own cache.
 *
 * <p>This is the step a continuous-batching scheduler repeats: the set of sessions may change between
 * steps (sequences join and finish); buffers are kept per batch size, so steady-state steps allocate no
 * backend memory. Not thread-safe: one scheduler thread drives it.
 */
public final class BatchDecoder implements AutoCloseable {
    private final Transformer model;
    private final Map<Integer, Workspace> workspaces = new HashMap<>(); // by batch size
    private boolean closed;

    BatchDecoder(Transformer model) {
        this.model = model;
    }

    /**
     * Feeds {@code tokens[b]} to {@code sessions.get(b)} for every b.
     *
     * @return [B][vocab_size] next-token logits of each session
     */
    public float[][] step(List<? extends InferenceSession> sessions, int[] tokens) {
        float[][] logits = new float[sessions.size()][model.config().vocabSize()];
        step(sessions, tokens, logits);
        return logits;
    }

    /**
     * Like {@link #step(List, int[])}, writing the logits of session b into {@code logitsOut[b]}
     * ([vocab_size] each), so a caller can reuse its arrays too.
     */
    public void step(List<? extends InferenceSession> sessions, int[] tokens, float[][] logitsOut) {
        if (closed) {
            throw new IllegalStateException("batch decoder is closed");
        }
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(tokens, "tokens");
        int batch = sessions.size();
        if (batch == 0) {
            throw new IllegalArgumentException("no sessions to step");
        }
        if (tokens.length != batch || logitsOut.length != batch) {
            throw new IllegalArgumentException(batch + " sessions need " + batch + " tokens and logits rows, got "
                    + tokens.length + " and " + logitsOut.length);
        }
        int vocab = model.config().vocabSize();
        List<TransformerSession> members = new ArrayList<>(batch);
        Map<TransformerSession, Boolean> seen = new IdentityHashMap<>();
        for (InferenceSession s : sessions) {
            if (!(s instanceof TransformerSession ts) || ts.model() != model) {
                throw new IllegalArgumentException("every session must be a session of this model");
            }
            if (seen.put(ts, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("a session appears twice in one batch");
            }
            members.add(ts);
        }
        for (float[] row : logitsOut) {
            if (row == null || row.length != vocab) {
                throw new IllegalArgumentException("each logits row must hold " + vocab + " values");
            }
        }
        int[] positions = new int[batch];
        for (int b = 0; b < batch; b++) {
            members.get(b).prepareOneToken(tokens[b]);
            positions[b] = members.get(b).position();
        }
        int layers = model.config().numHiddenLayers();
        List<List<Tensor>> caches = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            List<Tensor> perSequence = new ArrayList<>(batch);
            for (TransformerSession s : members) {
                perSequence.add(s.cache().layer(layer));
            }
            caches.add(perSequence);
        }
        Workspace ws = workspaces.computeIfAbsent(batch, b -> new Workspace(model.backend(), b));
        Tensor logits = ws.f32Exact("logits.batch", batch, vocab); // [B, vocab]
        model.forwardBatch(tokens, positions, caches, ws, logits);
        float[] all = ws.hostFloats(batch * vocab);
        model.backend().read(logits, all);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(all, b * vocab, logitsOut[b], 0, vocab);
            members.get(b).advance();
        }
    }

    /** Frees the buffers; the sessions stay open. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workspaces.values().forEach(Workspace::close);
        workspaces.clear();
    }
}
