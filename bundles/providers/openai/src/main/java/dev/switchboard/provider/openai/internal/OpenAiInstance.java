package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.audio.SpeechCapable;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionCapable;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionsStreamCapable;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
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
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.openai.OpenAiCalls;
import dev.switchboard.support.openai.OpenAiChat;
import dev.switchboard.support.openai.OpenAiErrors;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/**
 * One OpenAI endpoint and key: chat (support's wire format, {@link OpenAiChat}), and every endpoint beyond it
 * (embeddings, images, legacy completions plain and streamed, speech streamed as it arrives, transcriptions and
 * translations, the Responses API passed through; support's {@link OpenAiCalls}). Holds no connections of its own: calls go through the shared client; this
 * class says only where to post and with which headers.
 */
final class OpenAiInstance implements ProviderInstance, EmbeddingsCapable, ImagesCapable, CompletionsStreamCapable,
        SpeechCapable, TranscriptionCapable, ResponsesCapable, HealthCheckable {

    private final InstanceConfig config;
    private final OpenAiSettings settings;
    private final HttpClient client;
    private final String bearer;
    private final OpenAiChat calls;
    private final OpenAiCalls more;
    private final Map<OpenAiCalls.Path, URI> paths = new EnumMap<>(OpenAiCalls.Path.class);
    private final URI models;

    OpenAiInstance(InstanceConfig config, OpenAiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = "Bearer " + config.apiKey();
        this.calls = new OpenAiChat(OpenAiErrors.PROVIDER, config.apiKey(), this::post);
        this.more = new OpenAiCalls(OpenAiErrors.PROVIDER, config.apiKey(), this::post)
                .askingBase64Embeddings();
        for (OpenAiCalls.Path path : OpenAiCalls.Path.values()) {
            paths.put(path, settings.at(path.suffix()));
        }
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

    @Override
    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
        return more.embed(request, request.model(), context);
    }

    @Override
    public CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context) {
        return more.generateImages(request, request.model(), context);
    }

    @Override
    public CompletionStage<TextCompletion> complete(CompletionRequest request, CallContext context) {
        return more.complete(request, request.model(), context);
    }

    @Override
    public void completeStream(CompletionRequest request, CallContext context,
                               Flow.Subscriber<? super CompletionChunk> subscriber) {
        more.completeStream(request, request.model(), context, subscriber);
    }

    @Override
    public CompletionStage<Transcription> transcribe(TranscriptionRequest request, CallContext context) {
        return more.transcribe(request, request.model(), context);
    }

    @Override
    public void speech(SpeechRequest request, CallContext context, Flow.Subscriber<? super ByteBuffer> subscriber) {
        more.speech(request, request.model(), context, subscriber);
    }

    @Override
    public CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, CallContext context) {
        return more.respond(request, request.model(), context);
    }

    @Override
    public void respondStream(ResponsesRequest request, CallContext context,
                              Flow.Subscriber<? super ResponsesEvent> subscriber) {
        more.respondStream(request, request.model(), context, subscriber);
    }

    /** Chat's post (support's {@link OpenAiChat} asks for it). */
    private JsonPost post(String model, byte[] body, boolean stream, CallContext context) {
        JsonPost post = post(settings.endpoint(), body, context);
        return stream ? post.idleTimeout(settings.streamIdleTimeout()) : post;
    }

    /** The post of every call beyond chat (support's {@link OpenAiCalls} asks for it). */
    private JsonPost post(OpenAiCalls.Path path, String model, byte[] body, boolean stream, CallContext context) {
        JsonPost post = post(paths.get(path), body, context);
        return stream ? post.idleTimeout(settings.streamIdleTimeout()) : post;
    }

    private JsonPost post(URI endpoint, byte[] body, CallContext context) {
        return JsonPost.to(client, endpoint, OpenAiErrors.PROVIDER)
                .header("Authorization", bearer)
                .header("OpenAI-Organization", settings.organization())
                .header("OpenAI-Project", settings.project())
                .body(body)
                .timeout(OpenAiChat.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
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
