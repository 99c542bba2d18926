package dev.switchboard.support.openai;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamAnswer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The calls beyond chat for every provider that speaks OpenAI's wire format (embeddings, images, legacy
 * completions plain and streamed, speech streamed as it arrives, transcriptions and translations, and the
 * Responses API passed through), as {@link OpenAiChat} is for chat: the provider supplies only where and how to
 * post ({@link Endpoint}: which URL for which {@link Path} and model, auth headers, timeouts); bodies, answers,
 * streams and errors are the same everywhere. Immutable: build one per instance.
 */
public final class OpenAiCalls {

    /** The operations beyond chat, each at its path below the API root ({@code /v1}, or an Azure deployment). */
    public enum Path {
        EMBEDDINGS("/embeddings"),
        IMAGES("/images/generations"),
        COMPLETIONS("/completions"),
        SPEECH("/audio/speech"),
        TRANSCRIPTIONS("/audio/transcriptions"),
        TRANSLATIONS("/audio/translations"),
        RESPONSES("/responses");

        private final String suffix;

        Path(String suffix) {
            this.suffix = suffix;
        }

        /** The path below the API root, e.g. {@code /audio/speech}. */
        public String suffix() {
            return suffix;
        }
    }

    /** Where one call goes: a {@link JsonPost} with the provider's URL and headers for the given body. */
    @FunctionalInterface
    public interface Endpoint {
        /**
         * @param model  the name the upstream knows the model by; Azure's classic surface puts it in the path
         * @param stream whether the answer streams (a provider sets its stream idle timeout then)
         */
        JsonPost post(Path path, String model, byte[] body, boolean stream, CallContext context);
    }

    private final String provider;
    private final String secret;
    private final Endpoint endpoint;
    private final boolean base64Embeddings;

    /**
     * @param provider names the upstream in error messages ("azure-openai")
     * @param secret   the key or token of the instance, cut out of every message (may be {@code null})
     */
    public OpenAiCalls(String provider, String secret, Endpoint endpoint) {
        this(provider, secret, endpoint, false);
    }

    private OpenAiCalls(String provider, String secret, Endpoint endpoint, boolean base64Embeddings) {
        this.provider = provider;
        this.secret = secret;
        this.endpoint = endpoint;
        this.base64Embeddings = base64Embeddings;
    }

    /**
     * These calls, asking the upstream for embeddings as base64 ({@code encoding_format}), which OpenAI and Azure
     * OpenAI offer: the gateway then decodes bytes instead of parsing decimal text (see
     * {@link OpenAiEndpoints#embeddingsBody(EmbeddingsRequest, boolean)}).
     */
    public OpenAiCalls askingBase64Embeddings() {
        return new OpenAiCalls(provider, secret, endpoint, true);
    }

    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, String model, CallContext context) {
        return unary(Path.EMBEDDINGS, model, () -> OpenAiEndpoints.embeddingsBody(as(request, model), base64Embeddings), context,
                response -> OpenAiEndpoints.readEmbeddings(response.body()));
    }

    public CompletionStage<ImageResponse> generateImages(ImageRequest request, String model, CallContext context) {
        return unary(Path.IMAGES, model, () -> OpenAiEndpoints.imagesBody(as(request, model)), context,
                response -> OpenAiEndpoints.readImages(response.body()));
    }

    public CompletionStage<TextCompletion> complete(CompletionRequest request, String model, CallContext context) {
        return unary(Path.COMPLETIONS, model, () -> OpenAiEndpoints.completionsBody(as(request, model)), context,
                response -> OpenAiEndpoints.readCompletion(response.body()));
    }

    public void completeStream(CompletionRequest request, String model, CallContext context,
                               Flow.Subscriber<? super CompletionChunk> subscriber) {
        OpenAiCompletionStream stream = new OpenAiCompletionStream(subscriber, provider, secret);
        byte[] body;
        try {
            body = OpenAiEndpoints.completionsBody(as(request, model), true);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(endpoint.post(Path.COMPLETIONS, model, body, true, context));
    }

    public CompletionStage<Transcription> transcribe(TranscriptionRequest request, String model, CallContext context) {
        OpenAiEndpoints.Upload upload;
        try {
            upload = OpenAiEndpoints.transcriptionBody(as(request, model));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        JsonPost post = endpoint.post(request.translate() ? Path.TRANSLATIONS : Path.TRANSCRIPTIONS, model,
                upload.body(), false, context).body(upload.body(), upload.contentType()).header("Accept", "*/*");
        return answer(post, response -> OpenAiEndpoints.readTranscription(request, response.body(),
                response.header("Content-Type")));
    }

    public void speech(SpeechRequest request, String model, CallContext context,
                       Flow.Subscriber<? super ByteBuffer> subscriber) {
        OpenAiAudioStream stream = new OpenAiAudioStream(subscriber, secret);
        byte[] body;
        try {
            body = OpenAiEndpoints.speechBody(as(request, model));
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(endpoint.post(Path.SPEECH, model, body, true, context).header("Accept", "*/*")
                .streamBody(stream, response -> OpenAiErrors.fromResponse(response, provider, secret)));
    }

    /** The Responses API passed through: the upstream's answer as it sent it, with its usage read out. */
    public CompletionStage<ResponsesAnswer> respond(ResponsesRequest request, String model, CallContext context) {
        return unary(Path.RESPONSES, model, () -> OpenAiResponses.requestBody(as(request, model)), context,
                response -> new ResponsesAnswer(response.body(), OpenAiResponses.usageOf(response.body())));
    }

    /** The Responses API streamed through: every upstream event as it was sent. */
    public void respondStream(ResponsesRequest request, String model, CallContext context,
                              Flow.Subscriber<? super ResponsesEvent> subscriber) {
        OpenAiResponsesStream stream = new OpenAiResponsesStream(subscriber, provider);
        byte[] body;
        try {
            body = OpenAiResponses.requestBody(as(request, model));
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(endpoint.post(Path.RESPONSES, model, body, true, context), secret);
    }

    // the request as the upstream names its model; the same object when the names agree (no copy per call)
    private static EmbeddingsRequest as(EmbeddingsRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private static ImageRequest as(ImageRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private static CompletionRequest as(CompletionRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private static TranscriptionRequest as(TranscriptionRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private static SpeechRequest as(SpeechRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private static ResponsesRequest as(ResponsesRequest request, String model) {
        return model.equals(request.model()) ? request : request.withModel(model);
    }

    private <T> CompletionStage<T> unary(Path path, String model, Supplier<byte[]> body, CallContext context,
                                         UpstreamAnswer.Reader<T> reader) {
        byte[] bytes;
        try {
            bytes = body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unmappable(e));
        }
        return answer(endpoint.post(path, model, bytes, false, context), reader);
    }

    private <T> CompletionStage<T> answer(JsonPost post, UpstreamAnswer.Reader<T> reader) {
        return OpenAiAnswer.read(post, provider, secret, reader);
    }

    private ProviderException unmappable(RuntimeException e) {
        return OpenAiAnswer.unmappable(provider, e);
    }
}
