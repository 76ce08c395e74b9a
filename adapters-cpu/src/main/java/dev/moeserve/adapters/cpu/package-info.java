/**
 * The CPU implementation of the compute port: plain multi-threaded Java, the Vector API for inner loops
 * when the JVM has it. Weights are read in their stored format straight from the memory they were
 * uploaded from and decoded one row at a time; activations are heap float arrays.
 */
package dev.moeserve.adapters.cpu;
