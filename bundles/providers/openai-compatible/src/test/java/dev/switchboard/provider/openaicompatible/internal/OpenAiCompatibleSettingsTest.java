package dev.switchboard.provider.openaicompatible.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.InstanceConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class OpenAiCompatibleSettingsTest {

    @Test
    public void theKeyComesFromTheVariableTheInstanceNames() {
        OpenAiCompatibleSettings settings = OpenAiCompatibleSettings.from(
                instance("https://api.groq.com/openai/v1", null, Map.of("api.key.env", "GROQ_API_KEY")),
                name -> "GROQ_API_KEY".equals(name) ? "gsk_from_env" : null);

        assertThat(settings.key()).isEqualTo("gsk_from_env");
        assertThat(settings.endpoint()).isEqualTo(URI.create("https://api.groq.com/openai/v1/chat/completions"));
        assertThat(settings.toString()).doesNotContain("gsk_from_env");
    }

    @Test
    public void aNamedVariableThatIsNotSetFailsTheInstanceNamingIt() {
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(
                instance("https://api.mistral.ai/v1", null, Map.of("api.key.env", "MISTRAL_API_KEY")), name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MISTRAL_API_KEY");
    }

    @Test
    public void noKeyAtAllIsALocalServer() {
        assertThat(OpenAiCompatibleSettings.from(instance("http://127.0.0.1:1234/v1", null, Map.of()), name -> null).key())
                .isNull();
    }

    @Test
    public void baseUrlIsRequiredAndSafeToShow() {
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(instance(null, null, Map.of()), name -> null))
                .hasMessageContaining("base.url");
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(instance("https://u:p@x/v1", null, Map.of()), name -> null))
                .hasMessageContaining("base.url");
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(instance("https://x/v1?key=1", null, Map.of()), name -> null))
                .hasMessageContaining("base.url");
    }

    @Test
    public void theKeyHeaderCannotBeSetAsAnExtraHeader() {
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(
                instance("https://x/v1", null, Map.of("header.Authorization", "Bearer abc")), name -> null))
                .hasMessageContaining("header.Authorization").hasMessageNotContaining("abc");
    }

    @Test
    public void namesAWrongDialectSetting() {
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(
                instance("https://x/v1", null, Map.of("max.tokens.field", "max_new_tokens")), name -> null))
                .hasMessageContaining("max.tokens.field");
        assertThatThrownBy(() -> OpenAiCompatibleSettings.from(
                instance("https://x/v1", null, Map.of("stream.usage", "yes")), name -> null))
                .hasMessageContaining("stream.usage");
    }

    @Test
    public void aCustomChatPath() {
        assertThat(OpenAiCompatibleSettings.from(instance("https://x/api", null, Map.of("chat.path", "v2/chat")),
                name -> null).endpoint()).isEqualTo(URI.create("https://x/api/v2/chat"));
    }

    private static InstanceConfig instance(String baseUrl, String key, Map<String, String> settings) {
        return new InstanceConfig("vendor", OpenAiCompatibleProvider.TYPE, baseUrl, key, List.of(), 1, settings);
    }
}
