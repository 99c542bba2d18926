package dev.switchboard.provider.anthropic.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.anthropic.AnthropicMapping;
import dev.switchboard.support.anthropic.AnthropicWire;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import dev.switchboard.support.provider.Deadlines;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Anthropic endpoint and key. Holds no connections of its own: calls go through the shared client. */
final class AnthropicInstance implements ProviderInstance, HealthCheckable {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicInstance.class);

    private final InstanceConfig config;
    private final AnthropicSettings settings;
    private final HttpClient client;
    private final String apiKey;
    private final URI models;

    AnthropicInstance(InstanceConfig config, AnthropicSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.apiKey = config.apiKey();
        String messages = settings.endpoint().toString();
        this.models = URI.create(messages.substring(0, messages.length() - "/messages".length()) + "/models");
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        byte[] body;
        try {
            body = body(request, false);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return UpstreamAnswer.send(post(body, context), AnthropicErrors.PROVIDER,
                response -> AnthropicErrors.fromResponse(response, config.apiKey()),
                response -> AnthropicMapping.toResponse(AnthropicWire.readMessage(response.body()),
                        System.currentTimeMillis() / 1000));
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        AnthropicStream stream = new AnthropicStream(subscriber, config.apiKey());
        byte[] body;
        try {
            body = body(request, true);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(body, context).idleTimeout(settings.streamIdleTimeout()));
    }

    /** The body; what the mapping dropped or changed to suit the API is logged at DEBUG, never the content. */
    private byte[] body(ChatRequest request, boolean stream) {
        return AnthropicMapping.requestBody(request, stream, settings.maxTokensFor(request.model()),
                note -> LOG.debug("{} instance {}: {}", AnthropicErrors.PROVIDER, config.id(), note));
    }

    /** {@code GET /v1/models}: the key works and the API answers; bills no tokens. */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        CompletableFuture<UpstreamResponse> call = UpstreamGet.of(client, models, AnthropicErrors.PROVIDER)
                .header("x-api-key", apiKey)
                .header("anthropic-version", settings.apiVersion())
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout())
                .send();
        CompletableFuture<HealthCheckResult> result = call.handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(unwrap(failure));
            }
            if (!response.isSuccess()) {
                throw new CompletionException(AnthropicErrors.fromResponse(response, config.apiKey()));
            }
            int count = OpenAiModelsCheck.countModels(response.body());
            if (count < 0) {
                throw new CompletionException(new ProviderException(ErrorCode.UNAVAILABLE, AnthropicErrors.PROVIDER
                        + ": the models list is not Anthropic's format", true, null, response.status(), null));
            }
            return HealthCheckResult.of(count + (count == 1 ? " model" : " models") + " listed");
        });
        result.whenComplete((ok, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private JsonPost post(byte[] body, CallContext context) {
        return JsonPost.to(client, settings.endpoint(), AnthropicErrors.PROVIDER)
                .header("x-api-key", apiKey)
                .header("anthropic-version", settings.apiVersion())
                .header("anthropic-beta", settings.beta())
                .body(body)
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout());
    }

    private Duration timeout(CallContext context) {
        return Deadlines.timeout(context, settings.requestTimeout());
    }

    private static ProviderException unmappable(RuntimeException e) {
        return UpstreamAnswer.unmappable(AnthropicErrors.PROVIDER, e);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "AnthropicInstance[" + config + "]";
    }
}
