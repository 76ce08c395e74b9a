package dev.moeserve.application.engine;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.out.ServedModel;
import dev.moeserve.domain.model.BatchDecoder;
import dev.moeserve.domain.model.InferenceSession;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Continuous batching for one model. A single engine thread admits waiting sequences between decode
 * steps (prefilling each), then advances every active sequence by one token in ONE batched step, so
 * the weights are read once per step for all of them rather than once per request.
 *
 * <p>Capacity is {@code maxBatch} running plus {@code queueCapacity} waiting; a request beyond that is
 * refused at once with 503 (the DeepSeek API's "Server Overloaded") before it costs anything.
 */
public final class GenerationEngine implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GenerationEngine.class.getName());

    private final ServedModel model;
    private final EngineSettings settings;
    private final Semaphore capacity;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<ActiveSequence> active = new ArrayList<>();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile int activeCount;
    private volatile int largestBatch;

    private record Pending(SequenceRequest request, CompletableFuture<SequenceResult> result) {
    }

    private final PrefixCache prefixCache;

    public GenerationEngine(ServedModel model, EngineSettings settings) {
        this.model = model;
        this.settings = settings;
        this.prefixCache = new PrefixCache(settings.prefixCacheBytes());
        this.capacity = new Semaphore(settings.maxBatch() + settings.queueCapacity());
        this.loop = Thread.ofPlatform().daemon().name("engine-" + model.id()).start(this::run);
    }

    /** A place in the engine, held from admission until the sequence finishes. */
    public final class Slot implements AutoCloseable {
        private boolean used;
        private boolean released;

        private Slot() {
        }

        /** Generates the sequence and waits for it; the slot is released when it finishes. */
        public SequenceResult generate(SequenceRequest request) {
            if (used) {
                throw new IllegalStateException("a slot runs one sequence");
            }
            used = true;
            CompletableFuture<SequenceResult> result = new CompletableFuture<>();
            waiting.add(new Pending(request, result));
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while generating", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                capacity.release();
            }
        }
    }

    /**
     * Takes a place for one sequence, or refuses at once when the engine is full.
     *
     * @throws ApplicationException UNAVAILABLE (503) when running and waiting places are all taken
     */
    public Slot admit() {
        if (!running || !capacity.tryAcquire()) {
            throw new ApplicationException(ApplicationException.Kind.UNAVAILABLE, "server_overloaded",
                    "Server Overloaded: model " + model.id() + " is running " + settings.maxBatch() + " sequences with "
                            + settings.queueCapacity() + " waiting. Retry shortly.");
        }
        return new Slot();
    }

    /** Sequences waiting for a batch place. */
    public int queueDepth() {
        return waiting.size();
    }

    /** Sequences being generated now. */
    public int activeSequences() {
        return activeCount;
    }

    /** The most sequences one decode step has advanced together so far. */
    public int largestBatch() {
        return largestBatch;
    }

    private void run() {
        try (BatchDecoder decoder = model.transformer().newBatchDecoder()) {
            while (running) {
                admitWaiting();
                if (active.isEmpty()) {
                    continue;
                }
                step(decoder);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "generation engine of " + model.id() + " stopped", e);
            failAll(e);
        }
    }

    /** Prefills waiting sequences into free batch places; blocks briefly when there is nothing to do. */
    private void admitWaiting() {
        while (active.size() < settings.maxBatch()) {
            Pending next;
            try {
                next = active.isEmpty() ? waiting.poll(100, TimeUnit.MILLISECONDS) : waiting.poll();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
                return;
            }
            if (next == null) {
                return;
            }
            InferenceSession session = null;
            try {
                SequenceRequest r = next.request();
                session = model.transformer().newSession(r.prompt().length + r.maxTokens());
                ActiveSequence sequence = new ActiveSequence(r, next.result(), session, model.codec());
                sequence.logits = prefill(session, r);
                sequence.cachedPromptTokens = lastHitTokens;
                active.add(sequence);
            } catch (RuntimeException e) {
                if (session != null) {
                    session.close();
                }
                next.result().completeExceptionally(e);
            }
        }
        activeCount = active.size();
    }

    private int lastHitTokens;

    /**
     * Prefills a prompt, starting from the longest run of its blocks found in the prefix cache (those
     * tokens are not computed again), then caches the blocks that were computed.
     */
    private float[] prefill(InferenceSession session, SequenceRequest r) {
        int[] prompt = r.prompt();
        List<String> keys = PrefixCache.keys(r.cacheNamespace(), prompt);
        List<dev.moeserve.domain.model.LatentBlock> hits = prefixCache.longestPrefix(keys);
        int cached = hits.size() * PrefixCache.BLOCK_TOKENS;
        if (!hits.isEmpty()) {
            session.importLatents(hits);
        }
        float[] logits = session.prefill(java.util.Arrays.copyOfRange(prompt, cached, prompt.length));
        for (int b = hits.size(); b < keys.size(); b++) {
            if (!prefixCache.contains(keys.get(b))) {
                prefixCache.put(keys.get(b), session.exportLatents(b * PrefixCache.BLOCK_TOKENS, PrefixCache.BLOCK_TOKENS));
            }
        }
        lastHitTokens = cached;
        return logits;
    }

    /** Prompt tokens found in the prefix cache over those looked up, since start. */
    public double prefixCacheHitRatio() {
        return prefixCache.hitRatio();
    }

    /** Samples every active sequence's next token, retires the finished, and decodes the rest together. */
    private void step(BatchDecoder decoder) {
        List<ActiveSequence> continuing = new ArrayList<>(active.size());
        int[] tokens = new int[active.size()];
        for (ActiveSequence sequence : active) {
            int token;
            try {
                token = sequence.advance();
            } catch (RuntimeException e) {
                sequence.fail(e);
                continue;
            }
            if (token >= 0) {
                tokens[continuing.size()] = token;
                continuing.add(sequence);
            }
        }
        active.clear();
        active.addAll(continuing);
        activeCount = active.size();
        if (continuing.isEmpty()) {
            return;
        }
        largestBatch = Math.max(largestBatch, continuing.size());
        List<InferenceSession> sessions = new ArrayList<>(continuing.size());
        float[][] logits = new float[continuing.size()][];
        for (int i = 0; i < continuing.size(); i++) {
            sessions.add(continuing.get(i).session);
            logits[i] = continuing.get(i).logits;
        }
        int[] batchTokens = java.util.Arrays.copyOf(tokens, continuing.size());
        try {
            decoder.step(sessions, batchTokens, logits);
        } catch (RuntimeException e) {
            continuing.forEach(s -> s.fail(e));
            active.clear();
            activeCount = 0;
        }
    }

    private void failAll(Throwable e) {
        active.forEach(s -> s.fail(e));
        active.clear();
        Pending p;
        while ((p = waiting.poll()) != null) {
            p.result().completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failAll(new IllegalStateException("the server is shutting down"));
        prefixCache.close();
    }
}
