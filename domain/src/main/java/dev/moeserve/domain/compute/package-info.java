/**
 * The compute port: how the model's forward pass reaches hardware.
 *
 * <p>Terms, defined once for the whole package:
 * <ul>
 *   <li><b>Backend</b> ({@link dev.moeserve.domain.compute.ComputeBackend}): owns device memory and runs
 *       the model's operations; the CPU, CUDA and Ascend adapters each implement it.</li>
 *   <li><b>Tensor</b> ({@link dev.moeserve.domain.compute.Tensor}): an opaque handle to backend memory with a
 *       dtype and a shape; the domain never reads it except through an explicit transfer.</li>
 *   <li><b>Stored format</b>: the dtype a weight has in the checkpoint (F32, BF16, F16, or F8_E4M3 with
 *       128x128 {@link dev.moeserve.domain.compute.BlockScales block scales}); backends keep weights in it and
 *       decode inside their kernels.</li>
 *   <li><b>Host tensor</b> ({@link dev.moeserve.domain.compute.HostTensor}): stored bytes in host memory,
 *       usually a slice of a memory-mapped checkpoint, on their way to a backend.</li>
 *   <li><b>Routing rule</b> ({@link dev.moeserve.domain.compute.RoutingRule}): how a mixture-of-experts layer
 *       picks and weighs experts; its scalar definition is the contract of every backend's route op.</li>
 * </ul>
 */
package dev.moeserve.domain.compute;
