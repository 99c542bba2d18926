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
import dev.switchboard.api.completions.CompletionsCapable;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.images.ImagesCapable;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.HealthCheckable;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.openai.OpenAiChat;
import dev.switchboard.support.openai.OpenAiErrors;
import dev.switchboard.support.openai.OpenAiModelsCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/**
 * One OpenAI endpoint and key: chat (support's wire format, {@link OpenAiChat}), and every endpoint beyond it
 * (embeddings, images, legacy completions, speech streamed as it arrives, transcriptions and translations; wire
 * format in {@link OpenAiEndpoints}). Holds no connections of its own: calls go through the shared client; this
 * class says only where to post and with which headers.
 */
final class OpenAiInstance implements ProviderInstance, EmbeddingsCapable, ImagesCapable, CompletionsCapable,
        SpeechCapable, TranscriptionCapable, HealthCheckable {

    private final InstanceConfig config;
    private final OpenAiSettings settings;
    private final HttpClient client;
    private final String bearer;
    private final OpenAiChat calls;
    private final URI embeddings;
    private final URI images;
    private final URI completions;
    private final URI speech;
    private final URI transcriptions;
    private final URI translations;
    private final URI models;

    OpenAiInstance(InstanceConfig config, OpenAiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = "Bearer " + config.apiKey();
        this.calls = new OpenAiChat(OpenAiErrors.PROVIDER, config.apiKey(), this::post);
        this.embeddings = settings.at("/embeddings");
        this.images = settings.at("/images/generations");
        this.completions = settings.at("/completions");
        this.speech = settings.at("/audio/speech");
        this.transcriptions = settings.at("/audio/transcriptions");
        this.translations = settings.at("/audio/translations");
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
        byte[] body;
        try {
            body = OpenAiEndpoints.embeddingsBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return answer(post(embeddings, body, context), OpenAiEndpoints::readEmbeddings);
    }

    @Override
    public CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context) {
        byte[] body;
        try {
            body = OpenAiEndpoints.imagesBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return answer(post(images, body, context), OpenAiEndpoints::readImages);
    }

    @Override
    public CompletionStage<TextCompletion> complete(CompletionRequest request, CallContext context) {
        byte[] body;
        try {
            body = OpenAiEndpoints.completionsBody(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return answer(post(completions, body, context), OpenAiEndpoints::readCompletion);
    }

    @Override
    public CompletionStage<Transcription> transcribe(TranscriptionRequest request, CallContext context) {
        OpenAiEndpoints.Upload upload = OpenAiEndpoints.transcriptionBody(request);
        JsonPost call = post(request.translate() ? translations : transcriptions, upload.body(), context)
                .body(upload.body(), upload.contentType())
                .header("Accept", "*/*");
        return answerWith(call, response -> OpenAiEndpoints.readTranscription(request, response.body(),
                response.header("Content-Type")));
    }

    @Override
    public void speech(SpeechRequest request, CallContext context, Flow.Subscriber<? super ByteBuffer> subscriber) {
        OpenAiAudioStream stream = new OpenAiAudioStream(subscriber, config.apiKey());
        byte[] body;
        try {
            body = OpenAiEndpoints.speechBody(request);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(speech, body, context).header("Accept", "*/*").idleTimeout(settings.streamIdleTimeout())
                .streamBody(stream, response -> OpenAiErrors.fromResponse(response, config.apiKey())));
    }

    @FunctionalInterface
    private interface BodyReader<T> {
        T read(byte[] body) throws IOException;
    }

    @FunctionalInterface
    private interface ResponseReader<T> {
        T read(UpstreamResponse response) throws IOException;
    }

    private <T> CompletionStage<T> answer(JsonPost post, BodyReader<T> reader) {
        return answerWith(post, response -> reader.read(response.body()));
    }

    /** Sends, maps a failure to the OpenAI error codes, reads a success; cancelling aborts the upstream call. */
    private <T> CompletionStage<T> answerWith(JsonPost post, ResponseReader<T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<UpstreamResponse> call = post.send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else if (!response.isSuccess()) {
                result.completeExceptionally(OpenAiErrors.fromResponse(response, config.apiKey()));
            } else {
                try {
                    result.complete(reader.read(response));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, OpenAiErrors.PROVIDER
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /** Chat's post (support's {@link OpenAiChat} asks for it). */
    private JsonPost post(String model, byte[] body, boolean stream, CallContext context) {
        JsonPost post = post(settings.endpoint(), body, context);
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

    private static ProviderException unmappable(RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, OpenAiErrors.PROVIDER + ": request cannot be sent: "
                + e.getMessage(), false, null, 0, null);
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
        return "OpenAiInstance[" + config + "]";
    }
}
