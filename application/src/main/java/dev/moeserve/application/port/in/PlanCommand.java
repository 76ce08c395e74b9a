package dev.moeserve.application.port.in;

import java.util.Objects;
import java.util.Optional;

/** Put a tenant on a named plan (which plan-scoped promotions match), or on none when empty. */
public record PlanCommand(Optional<String> plan) {
    public PlanCommand {
        Objects.requireNonNull(plan, "plan");
        plan = plan.map(p -> Fields.text(p, "plan", 100));
    }
}
