package dev.moeserve.domain.compute;

/** How the router turns gate logits into expert scores ({@code scoring_func} in config.json). */
public enum ScoringFunction {
    /** Probabilities over all routed experts (DeepSeek-V2). */
    SOFTMAX("softmax"),
    /** Independent affinities in (0, 1) (DeepSeek-V3). */
    SIGMOID("sigmoid");

    private final String configName;

    ScoringFunction(String configName) {
        this.configName = configName;
    }

    /** The value as config.json spells it. */
    public String configName() {
        return configName;
    }
}
