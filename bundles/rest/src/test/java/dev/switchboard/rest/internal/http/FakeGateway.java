package dev.switchboard.rest.internal.http;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.core.api.AudioListener;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.core.api.StatsReport;
import dev.switchboard.core.api.StreamHandle;
import dev.switchboard.core.api.StreamListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/** A gateway whose answers each test scripts; it remembers the last caller, request id and request it was given. */
final class FakeGateway implements Gateway {

    volatile Function<ChatRequest, CompletionStage<ChatOutcome>> chat =
            request -> CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
    volatile BiFunction<ChatRequest, StreamListener, StreamHandle> stream = (request, listener) -> {
        throw new IllegalStateException("not scripted");
    };
    volatile List<ModelListing> models = List.of();
    volatile HealthReport health =
            new HealthReport(true, true, List.of(), List.of(), List.of(), List.of(), List.of(), null, 0);

    volatile Caller lastCaller;
    /** The id the last request was given, as core would book it. */
    volatile String lastRequestId;
    volatile StatsReport stats = new StatsReport(List.of(), 0, 0);
    volatile ChatRequest lastRequest;
    /** The last request of an endpoint beyond chat. */
    volatile Object lastEndpointRequest;
    /** Answers of the endpoints beyond chat: request -> outcome (or a failed stage). */
    volatile Function<Object, CompletionStage<? extends Outcome<?>>> endpoint =
            request -> CompletableFuture.failedFuture(new IllegalStateException("not scripted"));
    volatile BiFunction<SpeechRequest, AudioListener, StreamHandle> speech = (request, listener) -> {
        throw new IllegalStateException("not scripted");
    };

    /** Streams beyond chat (legacy completions, the Responses API passed through): request, listener -> handle. */
    volatile BiFunction<Object, PieceListener<?>, StreamHandle> pieces = (request, listener) -> {
        throw new IllegalStateException("not scripted");
    };
    /** Models whose {@code /v1/responses} is passed through. */
    volatile java.util.Set<String> responsesThrough = java.util.Set.of();

    @Override
    public StreamHandle completionsStream(Caller caller, String requestId, CompletionRequest request,
                                          PieceListener<CompletionChunk> listener) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastEndpointRequest = request;
        return pieces.apply(request, listener);
    }

    @Override
    public boolean passesResponsesThrough(String model) {
        return responsesThrough.contains(model);
    }

    @Override
    public CompletionStage<Outcome<ResponsesAnswer>> responses(Caller caller, String requestId,
                                                               ResponsesRequest request) {
        return endpoint(caller, requestId, request);
    }

    @Override
    public StreamHandle responsesStream(Caller caller, String requestId,
                                        ResponsesRequest request, PieceListener<ResponsesEvent> listener) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastEndpointRequest = request;
        return pieces.apply(request, listener);
    }

    @SuppressWarnings("unchecked")
    private <R> CompletionStage<Outcome<R>> endpoint(Caller caller, String requestId, Object request) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastEndpointRequest = request;
        return (CompletionStage<Outcome<R>>) endpoint.apply(request);
    }

    @Override
    public CompletionStage<Outcome<EmbeddingsResponse>> embeddings(Caller caller, String requestId,
                                                                   EmbeddingsRequest request) {
        return endpoint(caller, requestId, request);
    }

    @Override
    public CompletionStage<Outcome<ImageResponse>> images(Caller caller, String requestId, ImageRequest request) {
        return endpoint(caller, requestId, request);
    }

    @Override
    public CompletionStage<Outcome<Transcription>> transcribe(Caller caller, String requestId,
                                                              TranscriptionRequest request) {
        return endpoint(caller, requestId, request);
    }

    @Override
    public CompletionStage<Outcome<TextCompletion>> completions(Caller caller, String requestId,
                                                                CompletionRequest request) {
        return endpoint(caller, requestId, request);
    }

    @Override
    public StreamHandle speech(Caller caller, String requestId, SpeechRequest request, AudioListener listener) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastEndpointRequest = request;
        return speech.apply(request, listener);
    }

    @Override
    public CompletionStage<ChatOutcome> chat(Caller caller, String requestId, ChatRequest request) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastRequest = request;
        return chat.apply(request);
    }

    @Override
    public StreamHandle chatStream(Caller caller, String requestId, ChatRequest request, StreamListener listener) {
        lastCaller = caller;
        lastRequestId = requestId;
        lastRequest = request;
        return stream.apply(request, listener);
    }

    @Override
    public List<ModelListing> models() {
        return models;
    }

    @Override
    public HealthReport health() {
        return health;
    }

    volatile String clearedTenant;
    volatile String clearedModel;

    @Override
    public StatsReport stats() {
        return stats;
    }

    @Override
    public java.util.Map<String, Long> clearCache(String tenant, String model) {
        clearedTenant = tenant;
        clearedModel = model;
        return java.util.Map.of("memory", 2L);
    }
}
