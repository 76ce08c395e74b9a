package dev.moeserve.infrastructure.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.infrastructure.bootstrap.DemoModelInstaller;
import dev.moeserve.infrastructure.support.Http;
import dev.moeserve.infrastructure.support.SharedDemoHome;
import dev.moeserve.infrastructure.support.TestServer;
import dev.moeserve.infrastructure.tokenizer.DemoTokenizerWriter;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Several checkpoints served side by side ({@code serve --model DIR --model-id ID}, repeatable). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiModelServingTest implements TestPropertyProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EmbeddedServer server;
    @Inject
    TenantOnboarding onboarding;

    @Override
    public Map<String, String> getProperties() {
        try {
            // the golden V3 checkpoint, given a byte-level tokenizer so that it can chat
            Path v3 = Files.createTempDirectory("v3-tiny");
            Path golden = Path.of(getClass().getResource("/golden/v3-tiny/config.json").toURI()).getParent();
            Files.copy(golden.resolve("config.json"), v3.resolve("config.json"));
            Files.copy(golden.resolve("model.safetensors"), v3.resolve("model.safetensors"));
            DemoTokenizerWriter.write(v3);
            Path demo = SharedDemoHome.path().resolve("models").resolve("demo");
            DemoModelInstaller.ensure(demo);
            return TestServer.properties("moeserve.models", "moeserve-demo=" + demo + ",v3-tiny=" + v3);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bothModelsAreListedAndEachAnswersUnderItsOwnId() throws Exception {
        String key = onboarding.issueKey(onboarding.createTenant("multi-" + UUID.randomUUID()), "t").secret().text();
        Http http = new Http(server.getURI());
        JsonNode models = JSON.readTree(http.get("/v1/models", key).body()).path("data");
        assertThat(models).extracting(m -> m.path("id").asText()).containsExactly("moeserve-demo", "v3-tiny");

        for (String model : new String[]{"moeserve-demo", "v3-tiny"}) {
            HttpResponse<String> response = http.post("/v1/chat/completions", key, "{\"model\":\"" + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":3,\"temperature\":0}");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("model").asText()).isEqualTo(model);
        }
    }
}
