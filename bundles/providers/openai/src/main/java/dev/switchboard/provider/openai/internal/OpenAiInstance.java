package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.openai.OpenAiChat;
import dev.switchboard.support.openai.OpenAiErrors;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/**
 * One OpenAI endpoint and key. Holds no connections of its own: calls go through the shared client. The wire
 * format is support's ({@link OpenAiChat}); this class says only where to post and with which headers.
 */
final class OpenAiInstance implements ProviderInstance, HealthCheckable {

    private final InstanceConfig config;
    private final OpenAiSettings settings;
    private final HttpClient client;
    private final String bearer;
    private final OpenAiChat calls;
    private final URI models;

    OpenAiInstance(InstanceConfig config, OpenAiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = "Bearer " + config.apiKey();
        this.calls = new OpenAiChat(OpenAiErrors.PROVIDER, config.apiKey(), this::post);
        this.models = OpenAiModelsCheck.modelsUri(settings.endpoint());
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

    /** {@code GET /models}: the key works and the API answers, and no token is billed. */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        return OpenAiModelsCheck.check(UpstreamGet.of(client, models, OpenAiErrors.PROVIDER)
                .header("Authorization", bearer)
                .header("OpenAI-Organization", settings.organization())
                .header("OpenAI-Project", settings.project())
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout()), OpenAiErrors.PROVIDER, config.apiKey());
    }

    private JsonPost post(String model, byte[] body, boolean stream, CallContext context) {
        JsonPost post = JsonPost.to(client, settings.endpoint(), OpenAiErrors.PROVIDER)
                .header("Authorization", bearer)
                .header("OpenAI-Organization", settings.organization())
                .header("OpenAI-Project", settings.project())
                .body(body)
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
        return stream ? post.idleTimeout(settings.streamIdleTimeout()) : post;
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "OpenAiInstance[" + config + "]";
    }
}
