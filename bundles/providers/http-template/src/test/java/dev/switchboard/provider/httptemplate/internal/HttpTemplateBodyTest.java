package dev.switchboard.provider.httptemplate.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class HttpTemplateBodyTest {

    @Test
    public void aPlaceholderOutsideAStringIsAJsonValueAndNullWhenAbsent() {
        HttpTemplateBody body = HttpTemplateBody.compile(
                "{\"inputs\": {{prompt}}, \"parameters\": {\"max_new_tokens\": {{max_tokens}}, \"temperature\": {{temperature}}}}",
                name -> null);

        String json = new String(body.render(ChatRequest.builder("m", List.of(ChatMessage.of(ChatMessage.USER, "a\"b")))
                .temperature(0.3).build(), "m", false), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"inputs\": \"a\\\"b\", \"parameters\": {\"max_new_tokens\": null, \"temperature\": 0.3}}");
    }

    @Test
    public void aTemplateThatCannotRenderJsonFailsWhenCompiledWithoutQuotingASecret() {
        assertThatThrownBy(() -> HttpTemplateBody.compile("{\"key\": \"{{env.KEY}}\", \"x\": {{prompt}", name -> "s3cret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request.template");
        assertThatThrownBy(() -> HttpTemplateBody.compile("{\"key\": \"{{env.KEY}}\" \"x\": 1}", name -> "s3cret"))
                .hasMessageContaining("valid JSON").hasMessageNotContaining("s3cret");
    }

    @Test
    public void unknownPlaceholdersAndUnsetVariablesAreNamed() {
        assertThatThrownBy(() -> HttpTemplateBody.compile("{\"a\": {{shell}}}", name -> null))
                .hasMessageContaining("{{shell}}");
        assertThatThrownBy(() -> HttpTemplateBody.compile("{\"a\": {{env.NOPE}}}", name -> null))
                .hasMessageContaining("NOPE");
    }

    @Test
    public void braceTextInsideValuesIsNeverReadAsAPlaceholder() {
        HttpTemplateBody body = HttpTemplateBody.compile("{\"p\": \"{{prompt}}\"}", name -> null);

        String json = new String(body.render(ChatRequest.builder("m",
                List.of(ChatMessage.of(ChatMessage.USER, "{{env.HOME}} {{model}}"))).build(), "m", false), StandardCharsets.UTF_8);

        assertThat(json).isEqualTo("{\"p\": \"{{env.HOME}} {{model}}\"}");
    }
}
