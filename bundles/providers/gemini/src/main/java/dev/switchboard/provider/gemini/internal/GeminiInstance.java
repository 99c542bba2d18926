package dev.switchboard.provider.gemini.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
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
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.support.provider.Deadlines;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;

/**
 * One Gemini endpoint and key. Holds no connections of its own: calls go through the shared client. The key
 * travels in the {@code x-goog-api-key} header, never in the URL, so no URL (in a log, an error) shows it.
 */
final class GeminiInstance implements ProviderInstance, HealthCheckable, EmbeddingsCapable {

    /** Model ids as Gemini names them, optionally with their collection; nothing that could leave the path. */
    private static final Pattern MODEL = Pattern.compile("((models|tunedModels)/)?[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Endpoint URIs per model, made once: the catalog bounds them; past this many, they are made per call. */
    private static final int MAX_CACHED_URIS = 256;

    private final InstanceConfig config;
    private final GeminiSettings settings;
    private final HttpClient client;
    private final Map<String, URI[]> endpoints = new ConcurrentHashMap<>();

    GeminiInstance(InstanceConfig config, GeminiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        byte[] body;
        URI uri;
        try {
            uri = endpoints(request.model())[0];
            body = GeminiMapping.requestBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return UpstreamAnswer.send(post(uri, body, context), GeminiErrors.PROVIDER,
                response -> GeminiErrors.fromResponse(response, config.apiKey()),
                response -> GeminiMapping.toResponse(GeminiWire.readResponse(response.body()), request.model()));
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        GeminiStream stream = new GeminiStream(subscriber, config.apiKey(), request.model());
        byte[] body;
        URI uri;
        try {
            uri = endpoints(request.model())[1];
            body = GeminiMapping.requestBody(request);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(uri, body, context).idleTimeout(settings.streamIdleTimeout()));
    }

    /**
     * {@code embedContent} for one input, {@code batchEmbedContents} for several; Gemini's {@code task_type} may come
     * as an extension. Gemini reports no tokens: core estimates them.
     */
    @Override
    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
        byte[] body;
        URI uri;
        try {
            String model = request.model();
            if (!MODEL.matcher(model).matches()) {
                throw new IllegalArgumentException("'" + model + "' is not a Gemini model id");
            }
            uri = URI.create(settings.base() + (model.indexOf('/') < 0 ? "/models/" : "/") + model + ":"
                    + GeminiEmbeddings.method(request.input().size()));
            Object taskType = request.extensions().get("task_type");
            body = GeminiEmbeddings.requestBody(model, request.input(), request.dimensions(),
                    taskType instanceof String text ? text : null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return UpstreamAnswer.send(post(uri, body, context), GeminiErrors.PROVIDER,
                response -> GeminiErrors.fromResponse(response, config.apiKey()),
                response -> new EmbeddingsResponse(request.model(), GeminiEmbeddings.readVectors(response.body()),
                        Usage.NONE));
    }

    /** {@code [generateContent, streamGenerateContent?alt=sse]} for the model. */
    private URI[] endpoints(String model) {
        URI[] cached = endpoints.get(model);
        if (cached != null) {
            return cached;
        }
        if (!MODEL.matcher(model).matches()) {
            throw new IllegalArgumentException("'" + model + "' is not a Gemini model id");
        }
        String path = settings.base() + (model.indexOf('/') < 0 ? "/models/" : "/") + model;
        URI[] made = {URI.create(path + ":generateContent"), URI.create(path + ":streamGenerateContent?alt=sse")};
        if (endpoints.size() < MAX_CACHED_URIS) {
            endpoints.putIfAbsent(model, made);
        }
        return made;
    }

    /** {@code GET {base}/models}: the key works and the API answers; bills no tokens. */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        CompletableFuture<UpstreamResponse> call = UpstreamGet.of(client, URI.create(settings.base() + "/models"),
                        GeminiErrors.PROVIDER)
                .header("x-goog-api-key", config.apiKey())
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout())
                .send();
        CompletableFuture<HealthCheckResult> result = call.handle((response, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
            }
            if (!response.isSuccess()) {
                throw new CompletionException(GeminiErrors.fromResponse(response, config.apiKey()));
            }
            int count = countModels(response.body());
            if (count < 0) {
                throw new CompletionException(new ProviderException(ErrorCode.UNAVAILABLE, GeminiErrors.PROVIDER
                        + ": the models list is not Gemini's format", true, null, response.status(), null));
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

    /** The length of the top-level {@code models} array of a models list (one page); -1 when there is none. */
    static int countModels(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY && "models".equals(field)) {
                    int count = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        count++;
                        p.skipChildren();
                    }
                    return count;
                }
                p.skipChildren();
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private JsonPost post(URI uri, byte[] body, CallContext context) {
        return JsonPost.to(client, uri, GeminiErrors.PROVIDER)
                .header("x-goog-api-key", config.apiKey())
                .body(body)
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout());
    }

    private Duration timeout(CallContext context) {
        return Deadlines.timeout(context, settings.requestTimeout());
    }

    private static ProviderException unmappable(RuntimeException e) {
        return UpstreamAnswer.unmappable(GeminiErrors.PROVIDER, e);
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
        return "GeminiInstance[" + config + "]";
    }
}
