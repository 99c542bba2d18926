package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.Deadlines;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/**
 * One Ollama server: chat on {@code /api/chat}, embeddings on {@code /api/embed} ({@link OllamaEmbeddings}).
 * Holds no connections of its own: calls go through the shared client.
 */
final class OllamaInstance implements ProviderInstance, EmbeddingsCapable, HealthCheckable {

    private final InstanceConfig config;
    private final OllamaSettings settings;
    private final HttpClient client;
    private final String bearer;

    OllamaInstance(InstanceConfig config, OllamaSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        // Ollama itself takes no key; one set here is for a proxy in front of it
        this.bearer = config.apiKey() == null || config.apiKey().isBlank() ? null : "Bearer " + config.apiKey();
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        byte[] body;
        try {
            body = OllamaMapping.requestBody(request, false);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return UpstreamAnswer.send(post(body, context), OllamaErrors.PROVIDER,
                response -> OllamaErrors.fromResponse(response, request.model(), config.apiKey()),
                response -> {
                    OllamaWire.ChatLine line = OllamaWire.readChatLine(response.body());
                    if (line.error() != null) {
                        throw OllamaErrors.fromStreamError(line.error(), config.apiKey());
                    }
                    return OllamaMapping.toResponse(line);
                });
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        OllamaStream stream = new OllamaStream(subscriber, request.model(), config.apiKey());
        byte[] body;
        try {
            body = OllamaMapping.requestBody(request, true);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(body, context).idleTimeout(settings.streamIdleTimeout()));
    }

    @Override
    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
        byte[] body;
        try {
            body = OllamaEmbeddings.requestBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return UpstreamAnswer.send(post(settings.embed(), body, context), OllamaErrors.PROVIDER,
                response -> OllamaErrors.fromResponse(response, request.model(), config.apiKey()),
                response -> OllamaEmbeddings.readResponse(response.body(), request.input().size()));
    }

    /** {@code GET /api/tags}: the server answers and lists its models; generates nothing. */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        CompletableFuture<UpstreamResponse> call = UpstreamGet.of(client, settings.tags(), OllamaErrors.PROVIDER)
                .header("Authorization", bearer)
                .timeout(Deadlines.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout())
                .send();
        CompletableFuture<HealthCheckResult> result = call.handle((response, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            if (!response.isSuccess()) {
                throw new CompletionException(OllamaErrors.fromResponse(response, "(model list)", config.apiKey()));
            }
            try {
                int count = OllamaWire.readTags(response.body()).size();
                return HealthCheckResult.of(count + (count == 1 ? " model" : " models") + " listed");
            } catch (IOException | RuntimeException e) {
                throw new CompletionException(new ProviderException(ErrorCode.UNAVAILABLE, OllamaErrors.PROVIDER
                        + ": unreadable model list", true, null, response.status(), null));
            }
        });
        result.whenComplete((ok, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    private JsonPost post(byte[] body, CallContext context) {
        return post(settings.chat(), body, context);
    }

    private JsonPost post(URI uri, byte[] body, CallContext context) {
        return JsonPost.to(client, uri, OllamaErrors.PROVIDER)
                .header("Authorization", bearer)
                .body(body)
                .timeout(Deadlines.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
    }

    private static ProviderException unmappable(RuntimeException e) {
        return UpstreamAnswer.unmappable(OllamaErrors.PROVIDER, e);
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "OllamaInstance[" + config + "]";
    }
}
