package dev.switchboard.provider.openaicompatible.internal;

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
import dev.switchboard.support.provider.InstanceSettings;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.support.openai.OpenAiCalls;
import dev.switchboard.support.openai.OpenAiChat;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import java.net.URI;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/**
 * One OpenAI-compatible server. Holds no connections of its own: calls go through the shared client. A server
 * configured with its own Responses API ({@code responses.path}) is a {@link WithResponses}, which core passes
 * {@code /v1/responses} through to; without it {@code /v1/responses} is served mapped onto chat.
 */
class OpenAiCompatibleInstance implements ProviderInstance, HealthCheckable {

    private final InstanceConfig config;
    private final OpenAiCompatibleSettings settings;
    private final HttpClient client;
    private final String bearer;
    private final OpenAiChat calls;
    private final URI models;

    OpenAiCompatibleInstance(InstanceConfig config, OpenAiCompatibleSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = settings.key() == null ? null : "Bearer " + settings.key();
        // errors name the instance: with many vendors of one type, the type alone would not say which failed
        this.calls = new OpenAiChat(config.id(), settings.key(), settings.dialect(), this::post);
        this.models = InstanceSettings.httpUrl(config.baseUrl(), "/models", "base.url");
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

    /**
     * {@code GET {base.url}/models}: bills no token. A server without a models list answers 404, which core takes
     * as inconclusive (never as down); {@code health.check.interval.ms = 0} turns the check off for it.
     */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        UpstreamGet get = UpstreamGet.of(client, models, config.id())
                .header("Authorization", bearer)
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
        settings.headers().forEach(get::header);
        return OpenAiModelsCheck.check(get, config.id(), settings.key());
    }

    /** Makes the instance its settings ask for: with the Responses API passed through, or without. */
    static OpenAiCompatibleInstance of(InstanceConfig config, OpenAiCompatibleSettings settings, HttpClient client) {
        return settings.responses() == null ? new OpenAiCompatibleInstance(config, settings, client)
                : new WithResponses(config, settings, client);
    }

    /** A server that has the Responses API itself: body, answer and events pass through unchanged. */
    static final class WithResponses extends OpenAiCompatibleInstance implements ResponsesCapable {

        private final OpenAiCalls responses;

        WithResponses(InstanceConfig config, OpenAiCompatibleSettings settings, HttpClient client) {
            super(config, settings, client);
            this.responses = new OpenAiCalls(config.id(), settings.key(),
                    (path, model, body, stream, context) -> post(settings.responses(), body, stream, context));
        }

        @Override
        public CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, CallContext context) {
            return responses.respond(request, request.model(), context);
        }

        @Override
        public void respondStream(ResponsesRequest request, CallContext context,
                                  Flow.Subscriber<? super ResponsesEvent> subscriber) {
            responses.respondStream(request, request.model(), context, subscriber);
        }
    }

    private JsonPost post(String model, byte[] body, boolean stream, CallContext context) {
        return post(settings.endpoint(), body, stream, context);
    }

    final JsonPost post(URI uri, byte[] body, boolean stream, CallContext context) {
        JsonPost post = JsonPost.to(client, uri, config.id())
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
        return getClass().getSimpleName() + "[" + config + "]";
    }
}
