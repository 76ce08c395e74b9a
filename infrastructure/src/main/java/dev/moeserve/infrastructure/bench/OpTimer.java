package dev.moeserve.infrastructure.bench;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.Tensor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wall time of every compute-port call while switched on ({@code bench --profile-ops}): which op of a decode step
 * takes the time. Matrix products are told apart by their weight's shape. The backend is reached through a
 * reflective proxy, about a microsecond a call, so a profiled run is slightly slower than a plain one.
 */
final class OpTimer {
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    private volatile boolean on;

    /** {@code backend} with its calls timed while this timer is on. */
    ComputeBackend wrap(ComputeBackend backend) {
        return (ComputeBackend) Proxy.newProxyInstance(ComputeBackend.class.getClassLoader(),
                new Class<?>[] {ComputeBackend.class}, (proxy, method, args) -> {
                    long start = System.nanoTime();
                    try {
                        return method.invoke(backend, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (on) {
                            nanos.computeIfAbsent(key(method.getName(), args), k -> new LongAdder())
                                    .add(System.nanoTime() - start);
                        }
                    }
                });
    }

    void start() {
        on = true;
    }

    void stop() {
        on = false;
    }

    /** Milliseconds per step of each op, the slowest first. */
    Map<String, Double> msPerStep(int steps) {
        Map<String, Double> out = new LinkedHashMap<>();
        nanos.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, LongAdder> e) -> e.getValue().sum()).reversed())
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue().sum() / 1e4 / steps) / 100.0));
        return out;
    }

    private static String key(String op, Object[] args) {
        if ((op.equals("linear") || op.equals("groupedExpertGemm")) && args != null && args[1] instanceof Tensor w) {
            return op + " " + w.shape();
        }
        return op;
    }
}
