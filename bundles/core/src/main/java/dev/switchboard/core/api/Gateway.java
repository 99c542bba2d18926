package dev.switchboard.core.api;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The request path: quota, cache, selection, provider call with retries and failover, accounting.
 * Failures arrive as a {@link GatewayException} (completing the stage exceptionally, or through
 * {@link StreamListener#onError}); a quota denial or unknown model is thrown before any work starts.
 * <p>
 * Every request method takes the request's id ({@link RequestIds}: rest's {@code x-request-id}, made when the
 * request arrived): core books the request under it (usage ledger, quota holds, logs), so the id a client quotes
 * finds its row. It is never the client's own header, which could collide or be forged. A null id, or a form
 * without one (the shell, tests), gets a new one. Only core implements this interface.
 */
@ProviderType
public interface Gateway {

    /** {@link #chat(Caller, String, ChatRequest)} under a new request id. */
    default CompletionStage<ChatOutcome> chat(Caller caller, ChatRequest request) {
        return chat(caller, RequestIds.next(), request);
    }

    CompletionStage<ChatOutcome> chat(Caller caller, String requestId, ChatRequest request);

    /** {@link #chatStream(Caller, String, ChatRequest, StreamListener)} under a new request id. */
    default StreamHandle chatStream(Caller caller, ChatRequest request, StreamListener listener) {
        return chatStream(caller, RequestIds.next(), request, listener);
    }

    StreamHandle chatStream(Caller caller, String requestId, ChatRequest request, StreamListener listener);

    /** {@code POST /v1/embeddings}: routed to instances that implement {@code EmbeddingsCapable}. */
    default CompletionStage<Outcome<EmbeddingsResponse>> embeddings(Caller caller, String requestId,
                                                                   EmbeddingsRequest request) {
        throw unsupported("/v1/embeddings");
    }

    default CompletionStage<Outcome<EmbeddingsResponse>> embeddings(Caller caller, EmbeddingsRequest request) {
        return embeddings(caller, RequestIds.next(), request);
    }

    /** {@code POST /v1/images/generations}: routed to instances that implement {@code ImagesCapable}. */
    default CompletionStage<Outcome<ImageResponse>> images(Caller caller, String requestId, ImageRequest request) {
        throw unsupported("/v1/images/generations");
    }

    default CompletionStage<Outcome<ImageResponse>> images(Caller caller, ImageRequest request) {
        return images(caller, RequestIds.next(), request);
    }

    /** {@code POST /v1/videos}: routed to instances that implement {@code VideoCapable}; answers the finished video. */
    default CompletionStage<Outcome<GeneratedVideo>> videos(Caller caller, String requestId, VideoRequest request) {
        throw unsupported("/v1/videos");
    }

    default CompletionStage<Outcome<GeneratedVideo>> videos(Caller caller, VideoRequest request) {
        return videos(caller, RequestIds.next(), request);
    }

    /** {@code POST /v1/audio/transcriptions} and {@code translations}: {@code TranscriptionCapable} instances. */
    default CompletionStage<Outcome<Transcription>> transcribe(Caller caller, String requestId,
                                                               TranscriptionRequest request) {
        throw unsupported("/v1/audio/transcriptions");
    }

    default CompletionStage<Outcome<Transcription>> transcribe(Caller caller, TranscriptionRequest request) {
        return transcribe(caller, RequestIds.next(), request);
    }

    /** {@code POST /v1/completions} (legacy): routed to instances that implement {@code CompletionsCapable}. */
    default CompletionStage<Outcome<TextCompletion>> completions(Caller caller, String requestId,
                                                                 CompletionRequest request) {
        throw unsupported("/v1/completions");
    }

    default CompletionStage<Outcome<TextCompletion>> completions(Caller caller, CompletionRequest request) {
        return completions(caller, RequestIds.next(), request);
    }

    /**
     * {@code POST /v1/completions} with {@code stream}: chunks streamed to {@code listener} from an instance that
     * implements {@code CompletionsStreamCapable}.
     */
    default StreamHandle completionsStream(Caller caller, String requestId, CompletionRequest request,
                                           PieceListener<CompletionChunk> listener) {
        throw unsupported("/v1/completions");
    }

    default StreamHandle completionsStream(Caller caller, CompletionRequest request,
                                           PieceListener<CompletionChunk> listener) {
        return completionsStream(caller, RequestIds.next(), request, listener);
    }

    /**
     * Whether {@code /v1/responses} for {@code model} is passed through to an upstream that has the Responses API
     * (some route's instance implements {@code ResponsesCapable}); otherwise it is served mapped onto chat.
     */
    default boolean passesResponsesThrough(String model) {
        return false;
    }

    /** {@code POST /v1/responses} passed through: the upstream's answer as it sent it. */
    default CompletionStage<Outcome<ResponsesAnswer>> responses(Caller caller, String requestId,
                                                                ResponsesRequest request) {
        throw unsupported("/v1/responses");
    }

    default CompletionStage<Outcome<ResponsesAnswer>> responses(Caller caller, ResponsesRequest request) {
        return responses(caller, RequestIds.next(), request);
    }

    /** {@code POST /v1/responses} with {@code stream}, passed through: every upstream event as it was sent. */
    default StreamHandle responsesStream(Caller caller, String requestId, ResponsesRequest request,
                                         PieceListener<ResponsesEvent> listener) {
        throw unsupported("/v1/responses");
    }

    default StreamHandle responsesStream(Caller caller, ResponsesRequest request,
                                         PieceListener<ResponsesEvent> listener) {
        return responsesStream(caller, RequestIds.next(), request, listener);
    }

    /** {@code POST /v1/audio/speech}: audio streamed to {@code listener} from a {@code SpeechCapable} instance. */
    default StreamHandle speech(Caller caller, String requestId, SpeechRequest request, AudioListener listener) {
        throw unsupported("/v1/audio/speech");
    }

    default StreamHandle speech(Caller caller, SpeechRequest request, AudioListener listener) {
        return speech(caller, RequestIds.next(), request, listener);
    }

    private static GatewayException unsupported(String path) {
        return new GatewayException(404, "invalid_request_error", "unknown_url", null,
                "This gateway does not serve " + path + ".", null);
    }

    List<ModelListing> models();

    HealthReport health();

    StatsReport stats();

    /**
     * Drops cached answers of {@code tenant} and {@code model} (null: all) from every bound cache, cluster-wide
     * for the grid's; returns how many each cache dropped, by cache name. An operator's action.
     */
    default java.util.Map<String, Long> clearCache(String tenant, String model) {
        return java.util.Map.of();
    }
}
