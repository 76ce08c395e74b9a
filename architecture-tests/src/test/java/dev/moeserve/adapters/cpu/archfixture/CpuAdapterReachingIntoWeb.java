package dev.moeserve.adapters.cpu.archfixture;

import dev.moeserve.adapters.web.error.OpenAiError;

/** A deliberately bad adapter class (test fixture only): the CPU adapter using the web adapter. */
public class CpuAdapterReachingIntoWeb {
    public String describe(OpenAiError error) {
        return error.error().message();
    }
}
