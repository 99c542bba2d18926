package dev.switchboard.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OpenAiSettingsTest {

    @Test
    public void defaults() {
        OpenAiSettings settings = OpenAiSettings.from(instance(null, Map.of()));

        assertThat(settings.endpoint()).isEqualTo(URI.create("https://api.openai.com/v1/chat/completions"));
        assertThat(settings.organization()).isNull();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.streamIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    public void readsSettings() {
        OpenAiSettings settings = OpenAiSettings.from(instance("http://127.0.0.1:8089/v1/", Map.of("organization", "org-1",
                "project", "proj_1", "connect.timeout.ms", "250", "request.timeout.ms", "5000", "stream.idle.timeout.ms", "700")));

        assertThat(settings).isEqualTo(new OpenAiSettings(URI.create("http://127.0.0.1:8089/v1/chat/completions"), "org-1",
                "proj_1", Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMillis(700)));
    }

    @Test
    public void namesTheWrongSetting() {
        assertThatThrownBy(() -> OpenAiSettings.from(instance("ftp://x", Map.of()))).hasMessageContaining("base.url");
        assertThatThrownBy(() -> OpenAiSettings.from(instance("https://u:p@x/v1", Map.of()))).hasMessageContaining("base.url");
        assertThatThrownBy(() -> OpenAiSettings.from(instance(null, Map.of("request.timeout.ms", "soon"))))
                .hasMessageContaining("request.timeout.ms");
        assertThatThrownBy(() -> OpenAiSettings.from(instance(null, Map.of("connect.timeout.ms", "0"))))
                .hasMessageContaining("connect.timeout.ms");
    }

    @Test
    public void parsesTheModelCatalog() {
        List<ModelInfo> models = dev.switchboard.api.provider.ModelSpecs.parse(new String[] {"gpt-4o=2.50/10.00/128000, gpt-4o-mini=0.15/0.60/128000",
                "ft:gpt-4o-mini:acme::abc=0.30/1.20", "my-model"});

        assertThat(models).extracting(ModelInfo::id).containsExactly("gpt-4o", "gpt-4o-mini", "ft:gpt-4o-mini:acme::abc", "my-model");
        assertThat(models.get(0).inputPricePerMTok()).isEqualByComparingTo("2.50");
        assertThat(models.get(0).outputPricePerMTok()).isEqualByComparingTo("10.00");
        assertThat(models.get(0).contextWindow()).isEqualTo(128000);
        assertThat(models.get(2).contextWindow()).isZero();
        assertThat(models.get(3).inputPricePerMTok()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThatThrownBy(() -> dev.switchboard.api.provider.ModelSpecs.parse(new String[] {"gpt-4o=cheap/10"})).hasMessageContaining("gpt-4o=cheap/10");
    }

    private static InstanceConfig instance(String baseUrl, Map<String, String> settings) {
        return new InstanceConfig("openai", "openai", baseUrl, "sk-x", List.of(), 1, settings);
    }
}
