package ${package}.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Plain unit tests of the generated provider. When switchboard-testkit is on the class path (uncomment it
 * in pom.xml), also extend its provider contract test: it checks streaming order, cancel, deadlines and
 * the error matrix against a stub of your upstream.
 */
public class ${providerClass}ProviderTest {

    private static final CallContext CONTEXT = new CallContext("req-test", Instant.now().plusSeconds(5));

    private final ${providerClass}Provider provider = new ${providerClass}Provider(new ${providerClass}Config() {
        @Override
        public Class<? extends java.lang.annotation.Annotation> annotationType() {
            return ${providerClass}Config.class;
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String instance_id() {
            return "${providerType}";
        }

        @Override
        public String[] models() {
            return new String[] {"${providerType}-small=0/0/8192"};
        }
    });

    private static ChatRequest request(String text, boolean stream) {
        return new ChatRequest("${providerType}-small", List.of(ChatMessage.of(ChatMessage.USER, text)), null, null,
                null, null, null, stream, stream, null, Map.of());
    }

    @Test
    public void contributesItsConfiguredInstance() {
        assertThat(provider.configuredInstances()).singleElement()
                .satisfies(config -> assertThat(config.models()).extracting(m -> m.id()).containsExactly("${providerType}-small"));
    }

    @Test
    public void answersAChat() throws Exception {
        ProviderInstance instance = provider.createInstance(provider.configuredInstances().get(0));

        var response = instance.chat(request("hello there", false), CONTEXT).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(response.firstContent()).isEqualTo(${providerClass}Instance.answer(request("hello there", false)));
        assertThat(response.usage().completionTokens()).isPositive();
    }

    @Test
    public void streamsRoleThenContentThenFinishThenUsageThenCompletes() {
        ProviderInstance instance = provider.createInstance(provider.configuredInstances().get(0));
        List<Object> events = new ArrayList<>();

        instance.chatStream(request("one two", true), CONTEXT, new Flow.Subscriber<ChatChunk>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatChunk chunk) {
                events.add(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                events.add(throwable);
            }

            @Override
            public void onComplete() {
                events.add("complete");
            }
        });

        assertThat(((ChatChunk) events.get(0)).role()).isEqualTo(ChatMessage.ASSISTANT);
        assertThat(events.get(events.size() - 1)).isEqualTo("complete");
        assertThat(((ChatChunk) events.get(events.size() - 2)).usage()).isNotNull();
        assertThat(((ChatChunk) events.get(events.size() - 3)).finishReason()).isEqualTo("stop");
    }

    @Test
    public void refusesAnInstanceOfAnotherType() {
        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "other", null, null, List.of(), 1,
                Map.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
