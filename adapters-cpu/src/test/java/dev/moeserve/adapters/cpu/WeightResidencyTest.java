package dev.moeserve.adapters.cpu;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import dev.moeserve.domain.compute.Shape;
import dev.moeserve.domain.compute.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Weights uploaded from a memory-mapped file: copied into the backend's memory (huge-page advised from 2 MiB
 * on) by default, or read in place.
 */
class WeightResidencyTest {
    private static final int ROWS = 24;
    private static final int COLS = 96;

    @TempDir
    Path dir;

    @Test
    void aCopiedWeightLeavesTheMappingAndGivesTheSameProductsAsOneReadInPlace() throws IOException {
        Random random = new Random(5);
        Path file = dir.resolve("w.bin");
        ByteBuffer bytes = ByteBuffer.allocate(2 * ROWS * COLS).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ROWS * COLS; i++) {
            bytes.putShort((short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
        }
        Files.write(file, bytes.array());
        float[] x = new float[2 * COLS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             CpuBackend copying = new CpuBackend(2, true); CpuBackend mapping = new CpuBackend(2, false)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            HostTensor host = HostTensor.of("w", DType.BF16, Shape.of(ROWS, COLS), mapped);
            WeightTensor copied = (WeightTensor) copying.upload(host);
            WeightTensor inPlace = (WeightTensor) mapping.upload(host);

            assertThat(copied.segment().isMapped()).isFalse();
            assertThat(copied.segment().mismatch(mapped)).isEqualTo(-1L);
            assertThat(inPlace.segment().isMapped()).isTrue();
            assertThat(product(copying, copied, x)).isEqualTo(product(mapping, inPlace, x));

            assertThat(copying.copiedWeightBytes()).isEqualTo(2L * ROWS * COLS);
            copying.free(copied);
            assertThatThrownBy(copied::segment).isInstanceOf(IllegalStateException.class);
            assertThat(copying.copiedWeightBytes()).isZero();
            assertThat(mapped.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isEqualTo(bytes.array()[0]); // the file's mapping lives on
        }
    }

    @Test
    void aWeightOfAHugePageOrMoreIsCopiedIntoHugePageAdvisedMemoryThatFreeingUnmaps() throws IOException {
        assumeTrue(HugePageMemory.available(), "huge-page advice needs Linux on x86-64 or AArch64");
        int rows = 1024;
        int cols = 1536; // 3 MiB of BF16: one full huge page and a part of another
        Path file = dir.resolve("big.bin");
        byte[] raw = new byte[2 * rows * cols];
        new Random(9).nextBytes(raw);
        for (int i = 1; i < raw.length; i += 2) {
            raw[i] &= 0x3f; // BF16 high bytes of modest finite values
        }
        Files.write(file, raw);
        try (Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             CpuBackend copying = new CpuBackend(2, true)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            WeightTensor copied = (WeightTensor) copying.upload(HostTensor.of("big", DType.BF16, Shape.of(rows, cols), mapped));
            long address = copied.segment().address();

            assertThat(address % HugePageMemory.HUGE_PAGE).isZero();
            assertThat(copied.segment().mismatch(mapped)).isEqualTo(-1L);
            assertThat(vmFlagsOfMappingAt(address)).as("VmFlags of the copy's mapping").contains("hg");

            copying.free(copied);
            // once unmapped, the JVM may map something of its own at the same address (seen in CI): what must be
            // gone is the huge-page-advised mapping of the copy
            String after = vmFlagsOfMappingAt(address);
            assertThat(after == null || !after.contains(" hg")).as("the copy's mapping after free: %s", after).isTrue();
        }
    }

    @Test
    void weightsBeyondTheCopyBudgetAreReadInPlaceAndFreeingACopyMakesRoomAgain() throws IOException {
        Path file = dir.resolve("two.bin");
        Files.write(file, new byte[2 * 2 * ROWS * COLS]);
        long one = 2L * ROWS * COLS;
        try (Arena arena = Arena.ofShared(); FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             CpuBackend backend = new CpuBackend(2, true, one + one / 2)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            HostTensor first = HostTensor.of("a", DType.BF16, Shape.of(ROWS, COLS), mapped.asSlice(0, one));
            HostTensor second = HostTensor.of("b", DType.BF16, Shape.of(ROWS, COLS), mapped.asSlice(one, one));

            WeightTensor a = (WeightTensor) backend.upload(first);
            WeightTensor b = (WeightTensor) backend.upload(second);
            assertThat(a.segment().isMapped()).as("within the budget: copied").isFalse();
            assertThat(b.segment().isMapped()).as("beyond the budget: read in place").isTrue();
            assertThat(backend.copiedWeightBytes()).isEqualTo(one);

            backend.free(a);
            WeightTensor c = (WeightTensor) backend.upload(second);
            assertThat(c.segment().isMapped()).as("room again after a copy was freed").isFalse();
        }
    }

    /** The {@code VmFlags} line of the mapping of this process that contains {@code address}, or null. */
    private static String vmFlagsOfMappingAt(long address) throws IOException {
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inside = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inside && line.startsWith("VmFlags:")) {
                return line;
            }
        }
        return null;
    }

    @Test
    void theSettingAcceptsCopyOrMapAndRefusesAnythingElseByName() {
        String before = System.getProperty("moeserve.cpu-weights");
        try {
            System.setProperty("moeserve.cpu-weights", " ");
            assertThat(CpuBackend.copyMappedWeightsByDefault()).as("blank: the default").isTrue();
            System.setProperty("moeserve.cpu-weights", "map");
            assertThat(CpuBackend.copyMappedWeightsByDefault()).isFalse();
            System.setProperty("moeserve.cpu-weights", " COPY ");
            assertThat(CpuBackend.copyMappedWeightsByDefault()).isTrue();
            System.setProperty("moeserve.cpu-weights", "mmap");
            assertThatThrownBy(CpuBackend::copyMappedWeightsByDefault)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MOESERVE_CPU_WEIGHTS").hasMessageContaining("'mmap'");
        } finally {
            if (before == null) {
                System.clearProperty("moeserve.cpu-weights");
            } else {
                System.setProperty("moeserve.cpu-weights", before);
            }
        }
    }

    private static float[] product(CpuBackend backend, Tensor w, float[] x) {
        Tensor xt = backend.allocate(DType.F32, 2, COLS);
        backend.write(xt, x);
        Tensor y = backend.allocate(DType.F32, 2, ROWS);
        backend.linear(xt, w, y);
        float[] out = new float[2 * ROWS];
        backend.read(y, out);
        return out;
    }
}
