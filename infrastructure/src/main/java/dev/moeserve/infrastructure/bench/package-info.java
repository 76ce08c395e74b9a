/**
 * Measuring the engine against the machine: {@link dev.moeserve.infrastructure.bench.DecodeBenchmark} runs
 * prefill and batched decode on a checkpoint and sets the rates it gets beside the ceilings it measures in the
 * same run (memory read bandwidth, FMA peak), for {@code ./moeserve bench}.
 */
package dev.moeserve.infrastructure.bench;
