package dev.moeserve.infrastructure.weights;

import java.io.Console;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A one-line progress bar on the terminal while a large checkpoint loads: overall bytes and the bytes of
 * the shard being read. Redrawn in place at most every 1% or so; silent for small checkpoints or when
 * the output is not a terminal (logs, pipes, CI).
 */
public final class ConsoleProgressBar implements LoadProgress {
    /** Checkpoints smaller than this load too fast for a bar to be useful. */
    public static final long MIN_BYTES = 256L * 1024 * 1024;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Map<String, Long> shardTotals;
    private final Map<String, Long> shardDone = new LinkedHashMap<>();
    private final long total;
    private long done;
    private int lastPermille = -1;
    private String lastShard;

    /**
     * @param shardTotals stored bytes per shard file name, in file order
     */
    public ConsoleProgressBar(PrintStream out, Map<String, Long> shardTotals) {
        this.out = out;
        this.shardTotals = new LinkedHashMap<>(shardTotals);
        this.total = shardTotals.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A bar on {@code System.err} when it is a terminal and the checkpoint is large; otherwise {@link #NONE}. */
    public static LoadProgress forConsole(Map<String, Long> shardTotals) {
        Console console = System.console();
        long total = shardTotals.values().stream().mapToLong(Long::longValue).sum();
        if (console == null || !console.isTerminal() || total < MIN_BYTES) {
            return NONE;
        }
        return new ConsoleProgressBar(System.err, shardTotals);
    }

    @Override
    public synchronized void advanced(String shard, long bytes) {
        done += bytes;
        shardDone.merge(shard, bytes, Long::sum);
        int permille = total == 0 ? 1000 : (int) (done * 1000 / total);
        if (permille / 10 != lastPermille / 10 || !shard.equals(lastShard)) {
            lastPermille = permille;
            lastShard = shard;
            out.print("\r" + render(shard));
            out.flush();
        }
    }

    @Override
    public synchronized void finished() {
        lastShard = null;
        out.print("\r" + render(null) + System.lineSeparator());
        out.flush();
    }

    /** The bar's text for the current state, naming {@code shard} when given. */
    synchronized String render(String shard) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder line = new StringBuilder("loading weights [")
                .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%% %s / %s", Math.round(fraction * 100), gib(done), gib(total)));
        if (shard != null && shardTotals.size() > 1) {
            int index = 1;
            for (String name : shardTotals.keySet()) {
                if (name.equals(shard)) {
                    break;
                }
                index++;
            }
            line.append(String.format(Locale.ROOT, "  shard %d/%d %s %s / %s", index, shardTotals.size(), shard,
                    gib(shardDone.getOrDefault(shard, 0L)), gib(shardTotals.getOrDefault(shard, 0L))));
        }
        return line.toString();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
