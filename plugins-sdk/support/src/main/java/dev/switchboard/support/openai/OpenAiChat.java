package dev.switchboard.support.openai;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.provider.Deadlines;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One Chat Completions call, plain or streamed, for every provider that speaks OpenAI's wire format. The
 * provider supplies only where and how to post ({@link Endpoint}: URL, auth headers, timeouts); the body,
 * the answer, the stream and the errors are the same everywhere. Immutable: build one per instance.
 */
public final class OpenAiChat {

    /** Where one call goes: a {@link JsonPost} with the provider's URL and headers, for the given body. */
    @FunctionalInterface
    public interface Endpoint {
        /**
         * @param model  the name the upstream knows the model by (as given to {@code chat}); Azure's classic
         *               surface puts it in the path
         * @param stream whether the call streams (a provider sets its stream idle timeout then)
         */
        JsonPost post(String model, byte[] body, boolean stream, CallContext context);
    }

    private final String provider;
    private final String secret;
    private final Endpoint endpoint;
    private final OpenAiDialect dialect;

    /**
     * @param provider names the upstream in error messages ("azure-openai")
     * @param secret   the key or token of the instance, cut out of every message (may be {@code null})
     */
    public OpenAiChat(String provider, String secret, Endpoint endpoint) {
        this(provider, secret, OpenAiDialect.OPENAI, endpoint);
    }

    /** A call to a server that speaks {@code dialect} (which token limit field, whether streams report usage). */
    public OpenAiChat(String provider, String secret, OpenAiDialect dialect, Endpoint endpoint) {
        this.provider = provider;
        this.secret = secret;
        this.dialect = dialect;
        this.endpoint = endpoint;
    }

    /** A complete answer; {@code model} is the name the upstream knows the model by. Cancelling aborts the call. */
    public CompletionStage<ChatResponse> chat(ChatRequest request, String model, CallContext context) {
        byte[] body;
        try {
            body = OpenAiMapping.requestBody(request, model, false, dialect);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return OpenAiAnswer.read(endpoint.post(model, body, false, context), provider, secret,
                response -> OpenAiMapping.toResponse(OpenAiWire.readCompletion(response.body())));
    }

    /** A streamed answer pushed to {@code subscriber} as it arrives; cancelling the subscription aborts the call. */
    public void chatStream(ChatRequest request, String model, CallContext context,
                           Flow.Subscriber<? super ChatChunk> subscriber) {
        OpenAiStream stream = new OpenAiStream(subscriber, provider, secret);
        byte[] body;
        try {
            body = OpenAiMapping.requestBody(request, model, true, dialect);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(endpoint.post(model, body, true, context));
    }

    /** The time a call may take: the request's remaining time, capped by the instance's own limit. */
    public static Duration timeout(CallContext context, Duration limit) {
        return Deadlines.timeout(context, limit);
    }

    private ProviderException unmappable(RuntimeException e) {
        return OpenAiAnswer.unmappable(provider, e);
    }
}
