package dev.switchboard.examples.reverse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.testkit.ProviderContractTest;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The provider contract (switchboard-testkit's TCK) plus this provider's own tests. The TCK checks the chat
 * answer, the stream's order and single terminal signal, cancel, deadlines and the error matrix; each
 * {@code script...} hook makes the next call behave as named. The generated provider answers in-process,
 * so the behaviours only an upstream has are declared not applicable (reported as skipped, with the reason):
 * when {@link ReverseInstance} calls a real upstream, script them on a stub of it. For an HTTP
 * upstream extend {@code HttpProviderContractTest} instead: it runs the stub and asks only for your wire format.
 */
public class ReverseProviderTest extends ProviderContractTest {

    private final ReverseProvider provider = new ReverseProvider(new ReverseConfig() {
        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return ReverseConfig.class;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String instance_id() {
            return "reverse";
        }

        @Override
        public String[] models() {
            return new String[] {"reverse-small=0/0/8192"};
        }
    });

    // ---- the contract test's hooks ----

    @Override
    protected ProviderInstance createInstance() {
        return provider.createInstance(provider.configuredInstances().get(0));
    }

    @Override
    protected String model() {
        return "reverse-small";
    }

    /**
     * The contract test expects its text back; this provider answers the user message reversed, so it is
     * asked with the text reversed.
     */
    @Override
    protected ChatRequest request(boolean stream) {
        return ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.USER, reversed(ANSWER))))
                .stream(stream).includeUsage(stream).build();
    }

    private static String reversed(String text) {
        return new StringBuilder(text).reverse().toString();
    }

    @Override
    protected Usage scriptAnswer(String text, boolean stream) {
        long words = text.trim().split("\\s+").length;
        return new Usage(words, words);
    }

    @Override
    protected void scriptFailure(int status, Map<String, String> headers, boolean stream) {
        throw notApplicable("the generated provider has no upstream to fail; script your upstream's errors here");
    }

    @Override
    protected void scriptHang(boolean stream) {
        throw notApplicable("the generated provider answers at once; script a stalled upstream here");
    }

    /** In-process, the stream runs on the caller's thread: the cancel after the first chunk must stop it. */
    @Override
    protected void scriptStreamThenHang(String partial) {
    }

    @Override
    protected void scriptResetMidStream(String partial) {
        throw notApplicable("the generated provider has no connection to lose");
    }

    @Override
    protected void scriptMalformed(boolean stream) {
        throw notApplicable("the generated provider has no wire format to get wrong");
    }

    /** The stream ran on the caller's thread and has returned: nothing of it is left running. */
    @Override
    protected boolean awaitUpstreamCancelled() {
        return true;
    }

    // ---- this provider's own behaviour ----

    @Test
    public void contributesItsConfiguredInstance() {
        assertThat(provider.configuredInstances()).singleElement()
                .satisfies(config -> assertThat(config.models()).extracting(m -> m.id()).containsExactly(model()));
    }

    @Test
    public void answersTheLastUserMessageReversed() {
        ChatRequest request = ChatRequest.builder(model(), List.of(ChatMessage.of(ChatMessage.USER, "first"),
                ChatMessage.of(ChatMessage.ASSISTANT, "tsrif"), ChatMessage.of(ChatMessage.USER, "abc def"))).build();

        assertThat(ReverseInstance.answer(request)).isEqualTo("fed cba");
    }

    @Test
    public void refusesAnInstanceOfAnotherType() {
        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "other", null, null, List.of(), 1,
                Map.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
