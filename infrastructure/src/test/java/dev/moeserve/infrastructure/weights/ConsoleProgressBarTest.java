package dev.moeserve.infrastructure.weights;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressBarTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void showsOverallAndPerShardBytes() {
        Map<String, Long> shards = new LinkedHashMap<>();
        shards.put("model-00001-of-00002.safetensors", 4 * GIB);
        shards.put("model-00002-of-00002.safetensors", 4 * GIB);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(sink, true, StandardCharsets.UTF_8), shards);
        bar.advanced("model-00001-of-00002.safetensors", 4 * GIB);
        bar.advanced("model-00002-of-00002.safetensors", GIB);
        assertThat(bar.render("model-00002-of-00002.safetensors"))
                .contains("[###################-----------]")
                .contains(" 63% 5.00 GiB / 8.00 GiB")
                .contains("shard 2/2 model-00002-of-00002.safetensors 1.00 GiB / 4.00 GiB");
        bar.finished();
        String out = sink.toString(StandardCharsets.UTF_8);
        assertThat(out).startsWith("\rloading weights [").endsWith(System.lineSeparator());
    }

    @Test
    void staysQuietForSmallCheckpointsOrWithoutATerminal() {
        // tests never run on a terminal, and the fixtures are tiny
        assertThat(ConsoleProgressBar.forConsole(Map.of("model.safetensors", 1_000_000L))).isSameAs(LoadProgress.NONE);
    }
}
