package dev.moeserve.application.engine;

import dev.moeserve.application.port.in.CompletionObserver;

import java.util.List;
import java.util.OptionalInt;

/**
 * One sequence to generate: the prompt ids, how to sample, when to stop, and who is watching.
 *
 * @param endOfSequence  the token that ends generation, empty to ignore it
 * @param cacheNamespace whose prefix-cache entries this request may use and add (the tenant)
 */
public record SequenceRequest(int[] prompt, int maxTokens, double temperature, double topP, long seed,
                              OptionalInt endOfSequence, List<String> stop, CompletionObserver observer,
                              String cacheNamespace) {
}
