package dev.moeserve.application.engine;

/**
 * Limits of one model's generation engine.
 *
 * @param maxBatch      sequences advanced together in one decode step
 * @param queueCapacity    requests that may wait for a batch slot; beyond it requests are refused (503)
 * @param prefixCacheBytes memory the prefix (context) cache may hold; least recently used blocks go first
 */
public record EngineSettings(int maxBatch, int queueCapacity, long prefixCacheBytes) {
    public EngineSettings {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (prefixCacheBytes < 0) {
            throw new IllegalArgumentException("prefixCacheBytes must not be negative, got " + prefixCacheBytes);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative, got " + queueCapacity);
        }
    }

    public static final EngineSettings DEFAULT = new EngineSettings(16, 256, 256L << 20);
}
