package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderInstance;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class MockProviderTest {

    @Test
    public void offersOneInstanceFromItsDefaultConfiguration() {
        MockProvider provider = new MockProvider(new Config());
        try {
            assertThat(provider.type()).isEqualTo("mock");
            assertThat(provider.capabilities()).containsExactlyInAnyOrder(Capability.CHAT, Capability.CHAT_STREAMING);

            List<InstanceConfig> instances = provider.configuredInstances();
            assertThat(instances).hasSize(1);
            InstanceConfig instance = instances.get(0);
            assertThat(instance.id()).isEqualTo("mock");
            assertThat(instance.type()).isEqualTo("mock");
            assertThat(instance.apiKey()).isNull();
            assertThat(instance.models()).isEqualTo(MockModels.DEFAULTS);
            assertThat(MockSettings.from(instance.settings())).isEqualTo(MockSettings.DEFAULTS);
        } finally {
            provider.withdraw();
        }
    }

    @Test
    public void offersNothingWhenDisabled() {
        Config config = new Config();
        config.enabled = false;

        assertThat(MockProvider.configuredInstances(config)).isEmpty();
    }

    @Test
    public void carriesItsConfigurationIntoTheInstance() {
        Config config = new Config();
        config.instanceId = "mock-b";
        config.latencyMs = 5;
        config.errorRate = 0.25;
        config.errorSeed = "7";
        config.models = new String[] {"mock-echo=0.10/0.20"};

        InstanceConfig instance = MockProvider.configuredInstances(config).get(0);

        assertThat(instance.id()).isEqualTo("mock-b");
        assertThat(instance.models()).extracting(ModelInfo::id).containsExactly("mock-echo");
        assertThat(instance.models().get(0).outputPricePerMTok()).isEqualByComparingTo("0.20");
        MockSettings settings = MockSettings.from(instance.settings());
        assertThat(settings.latencyMs()).isEqualTo(5);
        assertThat(settings.errorRate()).isEqualTo(0.25);
        assertThat(settings.errorSeed()).isEqualTo(7L);
    }

    @Test
    public void failsActivationOnABadValue() {
        Config config = new Config();
        config.errorRate = 2.0;

        assertThatThrownBy(() -> new MockProvider(config)).hasMessageContaining("error.rate");
    }

    @Test
    public void createsWorkingInstancesAndRejectsOtherTypes() {
        MockProvider provider = new MockProvider(new Config());
        try {
            ProviderInstance instance = provider.createInstance(provider.configuredInstances().get(0));
            ChatRequest request = new ChatRequest("mock-echo", List.of(ChatMessage.of(ChatMessage.USER, "hi")), null,
                    null, null, null, null, false, false, null, Map.of());
            assertThat(instance.chat(request, new CallContext("r", Instant.now().plusSeconds(5)))
                    .toCompletableFuture().join().firstContent()).isEqualTo("hi");

            assertThatThrownBy(() -> provider.createInstance(
                    new InstanceConfig("x", "openai", null, null, List.of(), 1, Map.of())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openai");
            assertThatThrownBy(() -> provider.createInstance(
                    new InstanceConfig("x", "mock", null, null, List.of(), 1, Map.of("latency.ms", "x"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency.ms");
        } finally {
            provider.withdraw();
        }
    }

    @Test
    public void deactivateShutsDownTheTimer() throws Exception {
        LatencyTimer timer = new LatencyTimer(1);
        MockProvider provider = new MockProvider(List.of(), timer, Clock.systemUTC());

        provider.withdraw();

        assertThat(timer.isStopped()).isTrue();
        assertThat(timer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /** The metatype defaults, changeable per test. */
    static final class Config implements MockConfig {
        boolean enabled = true;
        String instanceId = "mock";
        long latencyMs;
        long chunkDelayMs;
        double errorRate;
        String errorCode = "UNAVAILABLE";
        String errorSeed = "";
        long retryAfterMs;
        String[] models = {"mock-echo", "mock-lorem"};

        @Override
        public Class<? extends Annotation> annotationType() {
            return MockConfig.class;
        }

        @Override
        public boolean enabled() {
            return enabled;
        }

        @Override
        public String instance_id() {
            return instanceId;
        }

        @Override
        public long latency_ms() {
            return latencyMs;
        }

        @Override
        public long stream_chunk_delay_ms() {
            return chunkDelayMs;
        }

        @Override
        public double error_rate() {
            return errorRate;
        }

        @Override
        public String error_code() {
            return errorCode;
        }

        @Override
        public String error_seed() {
            return errorSeed;
        }

        @Override
        public long error_retry_after_ms() {
            return retryAfterMs;
        }

        @Override
        public String[] models() {
            return models;
        }

        @Override
        public String input_price_per_mtok() {
            return "1.00";
        }

        @Override
        public String output_price_per_mtok() {
            return "2.00";
        }

        @Override
        public int context_window() {
            return 128_000;
        }
    }

    @Test
    public void passesTheFieldPolicyOfItsConfigurationToCore() {
        List<InstanceConfig> instances = MockProvider.configuredInstances(new Config(),
                Map.of("field.deny", "logprobs", "latency.ms", "5"));

        assertThat(instances.get(0).settings()).containsEntry("field.deny", "logprobs");
    }
}
