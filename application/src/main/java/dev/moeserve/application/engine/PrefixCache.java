package dev.moeserve.application.engine;

import dev.moeserve.domain.model.LatentBlock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The context (prefix) cache of one model: latent cache blocks of {@value #BLOCK_TOKENS} prompt tokens,
 * keyed by a hash chain over (namespace, block tokens) so a block is found only after the same whole
 * prefix. The namespace is the tenant: tenants never share entries, since a shared cache would let one
 * tenant learn another's prompts from response times. Least recently used blocks are evicted beyond
 * the memory budget. Used by the engine thread only, so it needs no locking.
 */
public final class PrefixCache implements AutoCloseable {
    public static final int BLOCK_TOKENS = 64;

    private final long budgetBytes;
    private final LinkedHashMap<String, LatentBlock> blocks = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long hitTokens;
    private long lookedUpTokens;

    public PrefixCache(long budgetBytes) {
        this.budgetBytes = budgetBytes;
    }

    /** Block keys of a prompt's full blocks, each chaining all before it; the last prompt token is never cached. */
    public static List<String> keys(String namespace, int[] prompt) {
        int full = Math.max(0, (prompt.length - 1) / BLOCK_TOKENS);
        List<String> keys = new ArrayList<>(full);
        String previous = sha256(("moeserve-prefix\n" + namespace).getBytes(StandardCharsets.UTF_8));
        for (int b = 0; b < full; b++) {
            ByteBuffer buffer = ByteBuffer.allocate(64 + BLOCK_TOKENS * Integer.BYTES);
            buffer.put(previous.getBytes(StandardCharsets.US_ASCII));
            for (int i = b * BLOCK_TOKENS; i < (b + 1) * BLOCK_TOKENS; i++) {
                buffer.putInt(prompt[i]);
            }
            previous = sha256(buffer.array());
            keys.add(previous);
        }
        return keys;
    }

    /** The cached blocks of the longest cached run of {@code keys} from the start. */
    public List<LatentBlock> longestPrefix(List<String> keys) {
        List<LatentBlock> hits = new ArrayList<>();
        for (String key : keys) {
            LatentBlock block = blocks.get(key);
            if (block == null) {
                break;
            }
            hits.add(block);
        }
        lookedUpTokens += (long) keys.size() * BLOCK_TOKENS;
        hitTokens += (long) hits.size() * BLOCK_TOKENS;
        return hits;
    }

    public boolean contains(String key) {
        return blocks.containsKey(key);
    }

    /** Adds a block (the cache owns it from now on), evicting the least recently used beyond the budget. */
    public void put(String key, LatentBlock block) {
        if (block.bytes() > budgetBytes) {
            block.close();
            return;
        }
        LatentBlock previous = blocks.put(key, block);
        if (previous != null) {
            bytes -= previous.bytes();
            previous.close();
        }
        bytes += block.bytes();
        var eldest = blocks.entrySet().iterator();
        while (bytes > budgetBytes && eldest.hasNext()) {
            Map.Entry<String, LatentBlock> e = eldest.next();
            if (e.getValue() == block) {
                continue;
            }
            bytes -= e.getValue().bytes();
            e.getValue().close();
            eldest.remove();
        }
    }

    public long bytes() {
        return bytes;
    }

    public int size() {
        return blocks.size();
    }

    /** Prompt tokens found cached, over prompt tokens that could have been (full blocks looked up). */
    public double hitRatio() {
        return lookedUpTokens == 0 ? 0 : (double) hitTokens / lookedUpTokens;
    }

    @Override
    public void close() {
        blocks.values().forEach(LatentBlock::close);
        blocks.clear();
        bytes = 0;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
