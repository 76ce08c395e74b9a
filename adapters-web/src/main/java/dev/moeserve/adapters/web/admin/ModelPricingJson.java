package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.application.port.in.ModelPricing;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** A served model and its price now; {@code served_at_zero_charge} flags a model nobody has priced. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelPricingJson(String id, String object, String backend, int contextLength, String loadedAt,
                        boolean servedAtZeroCharge, PriceVersionJson price) {
    static ModelPricingJson of(ModelPricing m) {
        return new ModelPricingJson(m.id(), "model", m.backend(), m.contextLength(), m.loadedAt().toString(),
                m.servedAtZeroCharge(), m.inForce().map(PriceVersionJson::of).orElse(null));
    }
}
