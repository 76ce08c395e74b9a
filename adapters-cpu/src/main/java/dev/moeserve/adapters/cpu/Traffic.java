package dev.moeserve.adapters.cpu;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the ops read, counted once per op (never per element): bytes of stored weights, bytes of latent
 * cache, and how many routed-expert matrices the grouped expert products touched. A benchmark divides
 * these by the tokens it decoded to get the bytes a token really costs.
 */
public final class Traffic {
    private final LongAdder weightBytes = new LongAdder();
    private final LongAdder cacheBytes = new LongAdder();
    private final LongAdder expertMatrices = new LongAdder();

    void weights(long bytes) {
        weightBytes.add(bytes);
    }

    void cache(long bytes) {
        cacheBytes.add(bytes);
    }

    void experts(long matrices) {
        expertMatrices.add(matrices);
    }

    /** Bytes of stored weights read since the last {@link #reset()}. */
    public long weightBytes() {
        return weightBytes.sum();
    }

    /** Bytes of latent cache read since the last {@link #reset()}. */
    public long cacheBytes() {
        return cacheBytes.sum();
    }

    /** Routed-expert matrices (one projection of one expert) read since the last {@link #reset()}. */
    public long expertMatrices() {
        return expertMatrices.sum();
    }

    public void reset() {
        weightBytes.reset();
        cacheBytes.reset();
        expertMatrices.reset();
    }
}
