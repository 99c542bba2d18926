package dev.switchboard.provider.bedrock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.aws.AwsEnvironment;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class BedrockProviderTest {

    private static final AwsEnvironment NO_ENVIRONMENT = AwsEnvironment.of(name -> null, null);

    @Test
    public void theOwnInstanceCarriesCoresPerInstanceKeysAndThePerModelApiKeys() {
        Map<String, Object> raw = Map.of("field.deny", "logprobs", "health.check.interval.ms", "0",
                "api.anthropic.claude-3-haiku", "invoke", "api_key", "AKID:secret", "region", "eu-west-1");

        List<InstanceConfig> instances = BedrockProvider.configuredInstances(
                Configs.bedrock(Map.of("api_key", "AKID:secret", "region", "eu-west-1")), NO_ENVIRONMENT,
                Clock.systemUTC(), raw);

        assertThat(instances).hasSize(1);
        assertThat(instances.get(0).settings())
                .containsEntry("field.deny", "logprobs")
                .containsEntry("health.check.interval.ms", "0")
                .containsEntry("api.anthropic.claude-3-haiku", "invoke")
                .containsEntry("region", "eu-west-1")
                .doesNotContainKey("api_key")
                .doesNotContainValue("AKID:secret");
    }

    @Test
    public void noInstanceWithoutCredentials() {
        assertThat(BedrockProvider.configuredInstances(Configs.bedrock(Map.of("region", "eu-west-1")), NO_ENVIRONMENT,
                Clock.systemUTC(), Map.of())).isEmpty();
    }
}
