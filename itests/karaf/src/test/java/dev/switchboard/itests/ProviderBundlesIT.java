package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.provider.ModelProvider;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Issue 10's provider bundles in the distribution: each type is there, none calls anything without its
 * configuration, and an operator only adds a file (here: the configuration it would hold) to serve a vendor.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderBundlesIT extends SwitchboardTestSupport {

    private static final List<String> TYPES = List.of("azure-openai", "ollama", "openai-compatible", "http-template");

    @Inject
    private ConfigurationAdmin configAdmin;

    @Test
    public void everyProviderTypeIsRegisteredAndOffersNothingUnconfigured() throws InvalidSyntaxException {
        for (String type : TYPES) {
            var references = bundleContext.getServiceReferences(ModelProvider.class,
                    "(" + ModelProvider.TYPE_PROPERTY + "=" + type + ")");
            assertThat(references).as(type).hasSize(1);
            ModelProvider provider = bundleContext.getService(references.iterator().next());
            try {
                assertThat(provider.configuredInstances()).as(type).isEmpty();
            } finally {
                bundleContext.ungetService(references.iterator().next());
            }
        }
    }

    @Test
    public void anOpenAiCompatibleVendorIsOneConfiguration() throws Exception {
        try (StubUpstream stub = StubUpstream.start(Duration.ZERO)) {
            Configuration instance = configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("id", "compat-it");
            properties.put("type", "openai-compatible");
            properties.put("base.url", stub.baseUrl());
            properties.put("models", "compat-model=0.10/0.20/32000");
            properties.put("header.X-Title", "Switchboard IT");
            instance.update(properties);
            try {
                waitFor("model compat-model listed", SETTLE, () -> modelIds().contains("compat-model"));

                HttpResponse<String> answer = chat(ADMIN_KEY, "compat-model", "hello", null);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.headers().firstValue("x-switchboard-provider")).hasValue("compat-it");
                JsonNode body = json(answer);
                assertThat(body.path("choices").get(0).path("message").path("content").asText())
                        .isEqualTo(StubUpstream.ANSWER);

                HttpResponse<String> streamed = chat(ADMIN_KEY, "compat-model", "hello", "\"stream\":true");
                assertThat(streamed.statusCode()).isEqualTo(200);
                assertThat(sseData(streamed)).last().isEqualTo("[DONE]");
            } finally {
                instance.delete();
            }
        }
    }
}
