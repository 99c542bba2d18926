package ${package}.internal;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One configured instance of {@code ${providerType}}. Replace {@link #answer} with the call to your
 * upstream. The contracts (docs/plugin-guide.md): never block the calling thread on the network; fail
 * with a {@link ProviderException} carrying the right {@link ErrorCode} (any other exception is counted
 * as a bug in this bundle and the request fails over); a stream sends role, content, finish, then usage,
 * and exactly one of onComplete/onError.
 */
final class ${providerClass}Instance implements ProviderInstance {

    private final InstanceConfig config;
    private volatile boolean closed;

    ${providerClass}Instance(InstanceConfig config) {
        this.config = config;
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        if (closed) {
            return CompletableFuture.failedFuture(new ProviderException(ErrorCode.UNAVAILABLE, "instance closed"));
        }
        String text = answer(request);
        return CompletableFuture.completedFuture(new ChatResponse(completionId(), request.model(),
                System.currentTimeMillis() / 1000,
                List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, text), "stop")),
                usage(request, text)));
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        AtomicBoolean cancelled = new AtomicBoolean();
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // the gateway asks for everything at once; chunks are pushed below
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
        if (closed) {
            subscriber.onError(new ProviderException(ErrorCode.UNAVAILABLE, "instance closed"));
            return;
        }
        String id = completionId();
        String text = answer(request);
        subscriber.onNext(new ChatChunk(id, request.model(), 0, ChatMessage.ASSISTANT, "", null, null));
        for (String word : text.split("(?<= )")) {
            if (cancelled.get()) {
                return;
            }
            subscriber.onNext(ChatChunk.content(id, request.model(), word));
        }
        subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, "stop", null));
        if (request.includeUsage()) {
            subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, null, usage(request, text)));
        }
        subscriber.onComplete();
    }

    /** Calls in flight finish (they hold nothing of ours); new ones fail over to another instance. */
    @Override
    public void close() {
        closed = true;
    }

    /** What this provider answers; the generated one echoes the last user message. */
    static String answer(ChatRequest request) {
        return lastUserMessage(request);
    }

    static String lastUserMessage(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (ChatMessage.USER.equals(messages.get(i).role()) && messages.get(i).content() != null) {
                return messages.get(i).content();
            }
        }
        return "";
    }

    private static String completionId() {
        return "chatcmpl-${providerType}-" + UUID.randomUUID();
    }

    private static Usage usage(ChatRequest request, String answer) {
        long prompt = request.messages().stream().mapToLong(m -> words(m.content())).sum();
        return new Usage(prompt, words(answer));
    }

    private static long words(String text) {
        return text == null || text.isBlank() ? 0 : text.trim().split("\\s+").length;
    }
}
