package dev.moeserve.domain.compute;

/** How the router picks experts from their scores ({@code topk_method} in config.json). */
public enum TopKMethod {
    /** The top-k scores over all experts. */
    GREEDY("greedy"),
    /** DeepSeek-V2: keep the {@code topk_group} groups whose best expert scores highest, then top-k within them. */
    GROUP_LIMITED_GREEDY("group_limited_greedy"),
    /**
     * DeepSeek-V3: add {@code e_score_correction_bias} to the scores for selection only; keep the groups
     * whose two best biased scores sum highest, then top-k by biased score; weights use unbiased scores.
     */
    NOAUX_TC("noaux_tc");

    private final String configName;

    TopKMethod(String configName) {
        this.configName = configName;
    }

    /** The value as config.json spells it. */
    public String configName() {
        return configName;
    }
}
