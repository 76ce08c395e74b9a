package dev.moeserve.adapters.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Freed activation arrays kept for the next allocation of the same size. A prefill allocates its workspace
 * (hundreds of MB for long prompts) and frees it at the end; fresh arrays of that size cost the JVM page
 * faults and collections each time, which made allocation a tenth of a 512-token prefill. Small arrays are
 * left to the allocator; the pool holds at most {@code capacityBytes}.
 */
final class BufferPool {
    /** Below this many floats an array is cheap to allocate and not worth keeping. */
    private static final int MIN_FLOATS = 1 << 16;

    private final long capacityBytes;
    private final Map<Integer, ArrayDeque<float[]>> bySize = new HashMap<>();
    private long heldBytes;

    BufferPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** A zeroed array of exactly {@code n} floats from the pool, or null. */
    float[] take(int n) {
        if (n < MIN_FLOATS) {
            return null;
        }
        float[] a;
        synchronized (this) {
            ArrayDeque<float[]> q = bySize.get(n);
            a = q == null ? null : q.poll();
            if (a == null) {
                return null;
            }
            heldBytes -= 4L * n;
        }
        Arrays.fill(a, 0f);
        return a;
    }

    /** Keeps {@code a} for reuse if it is large and the pool has room; else leaves it to the collector. */
    void give(float[] a) {
        if (a.length < MIN_FLOATS) {
            return;
        }
        synchronized (this) {
            if (heldBytes + 4L * a.length > capacityBytes) {
                return;
            }
            bySize.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            heldBytes += 4L * a.length;
        }
    }
}
