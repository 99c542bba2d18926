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
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The request path: quota, cache, selection, provider call with retries and failover, accounting.
 * Failures arrive as a {@link GatewayException} (completing the stage exceptionally, or through
 * {@link StreamListener#onError}); a quota denial or unknown model is thrown before any work starts.
 */
public interface Gateway {

    CompletionStage<ChatOutcome> chat(Caller caller, ChatRequest request);

    StreamHandle chatStream(Caller caller, ChatRequest request, StreamListener listener);

    /** {@code POST /v1/embeddings}: routed to instances that implement {@code EmbeddingsCapable}. */
    default CompletionStage<Outcome<EmbeddingsResponse>> embeddings(Caller caller, EmbeddingsRequest request) {
        throw unsupported("/v1/embeddings");
    }

    /** {@code POST /v1/images/generations}: routed to instances that implement {@code ImagesCapable}. */
    default CompletionStage<Outcome<ImageResponse>> images(Caller caller, ImageRequest request) {
        throw unsupported("/v1/images/generations");
    }

    /** {@code POST /v1/audio/transcriptions} and {@code translations}: {@code TranscriptionCapable} instances. */
    default CompletionStage<Outcome<Transcription>> transcribe(Caller caller, TranscriptionRequest request) {
        throw unsupported("/v1/audio/transcriptions");
    }

    /** {@code POST /v1/completions} (legacy): routed to instances that implement {@code CompletionsCapable}. */
    default CompletionStage<Outcome<TextCompletion>> completions(Caller caller, CompletionRequest request) {
        throw unsupported("/v1/completions");
    }

    /**
     * {@code POST /v1/completions} with {@code stream}: chunks streamed to {@code listener} from an instance that
     * implements {@code CompletionsStreamCapable}.
     */
    default StreamHandle completionsStream(Caller caller, CompletionRequest request,
                                           PieceListener<CompletionChunk> listener) {
        throw unsupported("/v1/completions");
    }

    /**
     * Whether {@code /v1/responses} for {@code model} is passed through to an upstream that has the Responses API
     * (some route's instance implements {@code ResponsesCapable}); otherwise it is served mapped onto chat.
     */
    default boolean passesResponsesThrough(String model) {
        return false;
    }

    /** {@code POST /v1/responses} passed through: the upstream's answer as it sent it. */
    default CompletionStage<Outcome<ResponsesAnswer>> responses(Caller caller, ResponsesRequest request) {
        throw unsupported("/v1/responses");
    }

    /** {@code POST /v1/responses} with {@code stream}, passed through: every upstream event as it was sent. */
    default StreamHandle responsesStream(Caller caller, ResponsesRequest request,
                                         PieceListener<ResponsesEvent> listener) {
        throw unsupported("/v1/responses");
    }

    /** {@code POST /v1/audio/speech}: audio streamed to {@code listener} from a {@code SpeechCapable} instance. */
    default StreamHandle speech(Caller caller, SpeechRequest request, AudioListener listener) {
        throw unsupported("/v1/audio/speech");
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
