package dev.moeserve.infrastructure.cli;

import dev.moeserve.infrastructure.weights.GoldenSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    private static String join(int[] ids) {
        return String.join(",", Arrays.stream(ids).mapToObj(Integer::toString).toList());
    }

    @ParameterizedTest
    @EnumSource(GoldenSet.class)
    void greedyGenerationPrintsTheReferenceContinuationAsItsLastLine(GoldenSet set) {
        GoldenSet.Expected expected = set.expected();
        CliCapture run = CliCapture.run("generate", "--model", set.directory().toString(),
                "--prompt-ids", join(expected.promptIds()),
                "--max-new-tokens", Integer.toString(expected.greedyIds().length), "--greedy");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.lastLine()).isEqualTo(join(expected.greedyIds()));
    }

    @Test
    void sampledGenerationIsReproducibleForASeed() {
        String[] args = {"generate", "--model", GoldenSet.V3_TINY.directory().toString(), "--prompt-ids", "5,6,7",
                "--max-new-tokens", "6", "--temperature", "0.8", "--top-p", "0.9", "--seed", "11"};
        CliCapture first = CliCapture.run(args);
        CliCapture second = CliCapture.run(args);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.lastLine()).matches("\\d+(,\\d+){5}").isEqualTo(second.lastLine());
    }
}
