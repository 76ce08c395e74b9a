package dev.moeserve.application.completion;

import java.util.List;

/**
 * Cuts generated text at the first stop sequence. Text that might be the start of a stop sequence is
 * held back until the next piece shows whether it is, so a streamed client never sees any part of one.
 */
public final class StopSequences {
    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    public StopSequences(List<String> stops) {
        this.stops = stops;
    }

    /** Takes the next piece; returns the text that is now safe to hand out. */
    public String accept(String piece) {
        if (stopped) {
            return "";
        }
        pending.append(piece);
        int cut = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = pending.substring(0, cut);
            pending.setLength(0);
            return out;
        }
        int keep = longestSuffixThatStartsAStop();
        String out = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return out;
    }

    /** The end of generation: what was held back is not a stop sequence after all. */
    public String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    public boolean stopped() {
        return stopped;
    }

    private int longestSuffixThatStartsAStop() {
        int best = 0;
        for (String stop : stops) {
            for (int len = Math.min(stop.length() - 1, pending.length()); len > best; len--) {
                if (stop.startsWith(pending.substring(pending.length() - len))) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
