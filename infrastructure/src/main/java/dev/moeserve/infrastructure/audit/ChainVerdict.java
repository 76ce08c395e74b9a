package dev.moeserve.infrastructure.audit;

/** The result of checking a hash chain. */
public sealed interface ChainVerdict {

    /** Every row's hash matches its content and links to its predecessor. */
    record Intact(String chain, long rows) implements ChainVerdict {
    }

    /** The first row where the chain breaks, and why. */
    record Broken(String chain, long seq, String rowId, String reason) implements ChainVerdict {
    }
}
