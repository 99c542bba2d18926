package dev.switchboard.provider.openaicompatible.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.openai.OpenAiChat;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/** One OpenAI-compatible server. Holds no connections of its own: calls go through the shared client. */
final class OpenAiCompatibleInstance implements ProviderInstance {

    private final InstanceConfig config;
    private final OpenAiCompatibleSettings settings;
    private final HttpClient client;
    private final String bearer;
    private final OpenAiChat calls;

    OpenAiCompatibleInstance(InstanceConfig config, OpenAiCompatibleSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = settings.key() == null ? null : "Bearer " + settings.key();
        // errors name the instance: with many vendors of one type, the type alone would not say which failed
        this.calls = new OpenAiChat(config.id(), settings.key(), settings.dialect(), this::post);
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        return calls.chat(request, request.model(), context);
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        calls.chatStream(request, request.model(), context, subscriber);
    }

    private JsonPost post(String model, byte[] body, boolean stream, CallContext context) {
        JsonPost post = JsonPost.to(client, settings.endpoint(), config.id())
                .header("Authorization", bearer)
                .body(body)
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
        settings.headers().forEach(post::header);
        return stream ? post.idleTimeout(settings.streamIdleTimeout()) : post;
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleInstance[" + config + "]";
    }
}
