package dev.switchboard.provider.azureopenai.internal;

import dev.switchboard.api.audio.SpeechCapable;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionCapable;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.CompletionsStreamCapable;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.images.ImagesCapable;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.openai.OpenAiCalls;
import dev.switchboard.support.openai.OpenAiChat;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;

/**
 * One Azure OpenAI resource. Azure speaks OpenAI's wire format (support's {@link OpenAiChat}) with its own
 * paths, auth header and extras: the prompt-filter first chunk of a stream (empty {@code choices}) yields no
 * chunk, the content-filter error is {@code CONTENT_FILTER}, {@code retry-after-ms} is read on a 429. The
 * endpoints beyond chat (embeddings, images, legacy completions plain and streamed, speech, transcriptions and
 * translations) go to the model's deployment the same way (support's {@link OpenAiCalls}), on either surface; so
 * does Azure's own Responses API, passed through plain and streamed ({@code /openai/v1/responses}, or
 * {@code /openai/responses?api-version=...} on the classic surface, the deployment as {@code model}).
 */
final class AzureOpenAiInstance implements ProviderInstance, EmbeddingsCapable, ImagesCapable,
        CompletionsStreamCapable, SpeechCapable, TranscriptionCapable, ResponsesCapable, HealthCheckable {

    private final InstanceConfig config;
    private final AzureOpenAiSettings settings;
    private final HttpClient client;
    private final String authHeader;
    private final String authValue;
    private final OpenAiChat calls;
    private final OpenAiCalls more;
    /** The Entra tokens the instance fetches and refreshes itself, or {@code null} (a key or a fixed token). */
    private final EntraTokens tokens;

    AzureOpenAiInstance(InstanceConfig config, AzureOpenAiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        boolean bearer = settings.auth() == AzureOpenAiSettings.Auth.BEARER;
        this.authHeader = bearer ? "Authorization" : "api-key";
        AzureOpenAiSettings.EntraClient entra = settings.entra();
        this.tokens = entra == null ? null : new EntraTokens(client, entra.tokenEndpoint(), entra.clientId(),
                config.apiKey(), entra.scope(), settings.connectTimeout(), config.id());
        this.authValue = tokens != null ? null : bearer ? "Bearer " + config.apiKey() : config.apiKey();
        this.calls = new OpenAiChat(AzureOpenAiProvider.TYPE, config.apiKey(), this::post);
        this.more = new OpenAiCalls(AzureOpenAiProvider.TYPE, config.apiKey(), this::post)
                .askingBase64Embeddings();
    }

    /**
     * Fetches the first Entra token, waiting for it at most {@code wait} (the instance serves either way: until a
     * token is there its calls go without one and Azure answers 401; fetching goes on in the background). Nothing to
     * do for a key or a fixed token.
     */
    void start(Duration wait) {
        if (tokens == null) {
            return;
        }
        try {
            tokens.start().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // EntraTokens logged why (without the secret); it keeps trying
        }
    }

    /** The {@code api-key} value, or {@code Bearer <token>} with the current Entra token (one volatile read). */
    private String authorization() {
        return tokens == null ? authValue : tokens.authorization();
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        return calls.chat(request, settings.deployment(request.model()), context);
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        calls.chatStream(request, settings.deployment(request.model()), context, subscriber);
    }

    @Override
    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
        return more.embed(request, settings.deployment(request.model()), context);
    }

    @Override
    public CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context) {
        return more.generateImages(request, settings.deployment(request.model()), context);
    }

    @Override
    public CompletionStage<TextCompletion> complete(CompletionRequest request, CallContext context) {
        return more.complete(request, settings.deployment(request.model()), context);
    }

    @Override
    public void completeStream(CompletionRequest request, CallContext context,
                               Flow.Subscriber<? super CompletionChunk> subscriber) {
        more.completeStream(request, settings.deployment(request.model()), context, subscriber);
    }

    @Override
    public CompletionStage<Transcription> transcribe(TranscriptionRequest request, CallContext context) {
        return more.transcribe(request, settings.deployment(request.model()), context);
    }

    @Override
    public void speech(SpeechRequest request, CallContext context, Flow.Subscriber<? super ByteBuffer> subscriber) {
        more.speech(request, settings.deployment(request.model()), context, subscriber);
    }

    @Override
    public CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, CallContext context) {
        return more.respond(request, settings.deployment(request.model()), context);
    }

    @Override
    public void respondStream(ResponsesRequest request, CallContext context,
                              Flow.Subscriber<? super ResponsesEvent> subscriber) {
        more.respondStream(request, settings.deployment(request.model()), context, subscriber);
    }

    /** The resource's models list: the key (or token) works and the resource answers; bills no tokens. */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        return OpenAiModelsCheck.check(UpstreamGet.of(client, settings.modelsUri(), AzureOpenAiProvider.TYPE)
                .header(authHeader, authorization())
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout()), AzureOpenAiProvider.TYPE, config.apiKey());
    }

    private JsonPost post(OpenAiCalls.Path path, String deployment, byte[] body, boolean stream, CallContext context) {
        return post(settings.uri(path, deployment), body, stream, context);
    }

    private JsonPost post(String deployment, byte[] body, boolean stream, CallContext context) {
        return post(settings.uri(deployment), body, stream, context);
    }

    private JsonPost post(URI uri, byte[] body, boolean stream, CallContext context) {
        JsonPost post = JsonPost.to(client, uri, AzureOpenAiProvider.TYPE)
                .header(authHeader, authorization())
                .body(body)
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
        return stream ? post.idleTimeout(settings.streamIdleTimeout()) : post;
    }

    @Override
    public void close() {
        // connections belong to the shared client; only the token refresh stops
        if (tokens != null) {
            tokens.close();
        }
    }

    @Override
    public String toString() {
        return "AzureOpenAiInstance[" + config + "]";
    }
}
