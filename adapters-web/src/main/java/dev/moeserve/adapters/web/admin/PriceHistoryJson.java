package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.application.port.in.PriceHistory;
import dev.moeserve.domain.pricing.PriceVersion;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** A model's price versions, newest first, and the number of the one in force now (null before the first). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PriceHistoryJson(String model, Integer versionInForce, List<PriceVersionJson> versions) {
    static PriceHistoryJson of(PriceHistory h) {
        return new PriceHistoryJson(h.model(), h.inForce().map(PriceVersion::version).orElse(null),
                h.versions().stream().map(PriceVersionJson::of).toList());
    }
}
