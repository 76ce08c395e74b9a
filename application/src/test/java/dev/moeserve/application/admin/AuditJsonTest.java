package dev.moeserve.application.admin;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class AuditJsonTest {
    @Test
    void writesFlatValuesAsJson() {
        assertThat(AuditJson.object("name", "a \"b\"\n", "n", 3, "ok", true, "none", null, "plan", Optional.empty(),
                "rpm", OptionalInt.of(5), "amount", new BigDecimal("1.50"), "list", List.of("x", 1)))
                .isEqualTo("{\"name\":\"a \\\"b\\\"\\n\",\"n\":3,\"ok\":true,\"none\":null,\"plan\":null,"
                        + "\"rpm\":5,\"amount\":\"1.50\",\"list\":[\"x\",1]}");
    }
}
