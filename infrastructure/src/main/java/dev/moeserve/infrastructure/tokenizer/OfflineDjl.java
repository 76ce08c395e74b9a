package dev.moeserve.infrastructure.tokenizer;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

/**
 * DJL looks up a cloud metadata address and reports usage unless told not to; nothing moeserve
 * runs may send traffic off the machine, so both are switched off before DJL loads.
 */
public final class OfflineDjl {
    private OfflineDjl() {
    }

    public static void ensure() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        // Loading the tokenizer library probes CUDA to pick a native flavour; where a CUDA runtime is
        // installed without a usable driver it warns on every start, on stdout, which would corrupt
        // the JSON of `moeserve tokenize`. The tokenizer runs on the CPU, so the probe's result is moot.
        if (LoggerFactory.getLogger("ai.djl.util.cuda") instanceof ch.qos.logback.classic.Logger cuda
                && cuda.getLevel() == null) {
            cuda.setLevel(Level.ERROR);
        }
    }
}
