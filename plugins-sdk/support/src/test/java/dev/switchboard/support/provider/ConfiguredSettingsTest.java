package dev.switchboard.support.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class ConfiguredSettingsTest {

    @Test
    public void passesCoresPerInstanceKeysOnAndNothingElseOfTheRawConfiguration() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("field.drop", new String[] {"logit_bias", "seed"});
        properties.put("health.check.interval.ms", 0L);
        properties.put("api_key", "sk-secret");
        properties.put("component.name", "dev.switchboard.provider.acme");
        properties.put("service.pid", "dev.switchboard.provider.acme");

        Map<String, String> settings = ConfiguredSettings.from(properties).toMap();

        assertThat(settings).containsExactly(entry("field.drop", "logit_bias,seed"),
                entry("health.check.interval.ms", "0"));
    }

    @Test
    public void passesAProvidersOwnPrefixesOnToo() {
        Map<String, Object> properties = Map.of("api.model-x", "invoke", "apix", "no", "health.check.interval.ms", "5000");

        assertThat(ConfiguredSettings.from(properties, "api.").toMap())
                .containsOnly(entry("api.model-x", "invoke"), entry("health.check.interval.ms", "5000"));
    }

    @Test
    public void leavesOutBlankValuesAndTrimsTheRest() {
        Map<String, String> settings = ConfiguredSettings.from(Map.of())
                .put("organization", "  org-1 ")
                .put("project", "   ")
                .put("region", (String) null)
                .put("connect.timeout.ms", 10_000)
                .toMap();

        assertThat(settings).containsExactly(entry("organization", "org-1"), entry("connect.timeout.ms", "10000"));
    }

    @Test
    public void theMapIsASnapshot() {
        ConfiguredSettings builder = ConfiguredSettings.from(Map.of()).put("a", "1");
        Map<String, String> first = builder.toMap();

        builder.put("b", "2");

        assertThat(first).containsOnlyKeys("a");
    }
}
