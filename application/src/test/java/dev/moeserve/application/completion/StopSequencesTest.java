package dev.moeserve.application.completion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopSequencesTest {

    @Test
    void textBeforeAStopSequenceIsHandedOutAndTheStopItselfIsNot() {
        StopSequences stops = new StopSequences(List.of("END"));
        assertThat(stops.accept("hello E")).isEqualTo("hello ");
        assertThat(stops.accept("N")).isEmpty();
        assertThat(stops.accept("D and more")).isEmpty();
        assertThat(stops.stopped()).isTrue();
        assertThat(stops.flush()).isEmpty();
    }

    @Test
    void aHeldBackPrefixThatTurnsOutNotToBeAStopIsReleased() {
        StopSequences stops = new StopSequences(List.of("END"));
        assertThat(stops.accept("EN")).isEmpty();
        assertThat(stops.accept("x")).isEqualTo("ENx");
        assertThat(stops.accept("E")).isEmpty();
        assertThat(stops.flush()).isEqualTo("E");
        assertThat(stops.stopped()).isFalse();
    }

    @Test
    void theEarliestOfSeveralStopSequencesWins() {
        StopSequences stops = new StopSequences(List.of("zz", "b"));
        assertThat(stops.accept("a b zz")).isEqualTo("a ");
        assertThat(stops.stopped()).isTrue();
    }

    @Test
    void withoutStopSequencesEverythingPassesAtOnce() {
        StopSequences stops = new StopSequences(List.of());
        assertThat(stops.accept("abc")).isEqualTo("abc");
        assertThat(stops.flush()).isEmpty();
    }
}
