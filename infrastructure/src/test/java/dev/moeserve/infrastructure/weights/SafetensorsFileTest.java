package dev.moeserve.infrastructure.weights;

import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SafetensorsFileTest {
    @TempDir
    Path tmp;

    @Test
    void writesWhatItReadsInNameOrderWithAPaddedHeader() throws IOException {
        Path file = tmp.resolve("t.safetensors");
        new SafetensorsWriter()
                .f32("b", new float[] {1.5f, -2f, 3.25f, 0f, 7f, 8f}, 2, 3)
                .i32("a", new int[] {7, -1}, 2)
                .bf16("c", new short[] {(short) 0x3F80, (short) 0xC000}, 2)
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"a\":");
        assertThat(header.indexOf("\"a\"")).isLessThan(header.indexOf("\"b\""));

        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.names()).containsExactly("a", "b", "c");
            assertThat(f.metadata()).containsEntry("format", "pt");
            assertThat(f.ints("a")).containsExactly(7, -1);
            assertThat(f.floats("b")).containsExactly(1.5f, -2f, 3.25f, 0f, 7f, 8f);
            HostTensor b = f.tensor("b");
            assertThat(b.dtype()).isEqualTo(DType.F32);
            assertThat(b.shape().dims()).containsExactly(2, 3);
            HostTensor c = f.tensor("c");
            assertThat(c.dtype()).isEqualTo(DType.BF16);
            assertThat(c.data().byteSize()).isEqualTo(4);
        }
    }

    @Test
    void readsTheReferenceFixturesBitExactly() {
        try (SafetensorsFile f = SafetensorsFile.open(GoldenSet.V3_TINY.expectedFile())) {
            assertThat(f.entry("decode_logits").orElseThrow().shape()).containsExactly(24, 1024);
            assertThat(f.ints("prompt_ids")).hasSize(24);
            assertThat(f.metadata()).containsKey("producer");
        }
    }
}
