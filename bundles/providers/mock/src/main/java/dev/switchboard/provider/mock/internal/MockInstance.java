package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
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
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One mock endpoint. It ignores the call's deadline on purpose: timing out is core's job, and a mock
 * that gave up by itself would hide a core that does not.
 */
final class MockInstance implements ProviderInstance, EmbeddingsCapable, HealthCheckable {

    private final InstanceConfig config;
    private final MockSettings settings;
    private final List<ModelInfo> models;
    private final Map<String, ModelInfo> modelsById;
    private final FailureInjection failures;
    private final LatencyTimer timer;
    private final Clock clock;
    private volatile boolean closed;

    MockInstance(InstanceConfig config, MockSettings settings, LatencyTimer timer, Clock clock) {
        this.config = config;
        this.settings = settings;
        this.models = config.models().isEmpty() ? MockModels.DEFAULTS : config.models();
        this.modelsById = new LinkedHashMap<>();
        for (ModelInfo model : models) {
            modelsById.put(model.upstreamId(), model);
        }
        this.failures = new FailureInjection(settings);
        this.timer = timer;
        this.clock = clock;
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    /** The configured models, or mock-echo and mock-lorem when the instance was created without any. */
    @Override
    public List<ModelInfo> models() {
        return models;
    }

    MockSettings settings() {
        return settings;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        ChatResponse response;
        try {
            response = response(request, MockAnswers.answer(request, modelFor(request)));
        } catch (ProviderException e) {
            return CompletableFuture.failedFuture(e);
        }
        ProviderException failure = failures.next();
        if (settings.latencyMs() == 0) {
            return failure == null ? CompletableFuture.completedFuture(response) : CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        LatencyTimer.Waiting waiting = result::completeExceptionally;
        timer.track(waiting);
        ScheduledFuture<?> answer = timer.schedule(() -> {
            if (failure == null) {
                result.complete(response);
            } else {
                result.completeExceptionally(failure);
            }
        }, settings.latencyMs());
        if (answer == null) {
            result.completeExceptionally(LatencyTimer.stoppedError());
        }
        result.whenComplete((r, e) -> {
            timer.untrack(waiting);
            // a caller that gave up (timeout, cancel) frees the timer slot at once
            if (answer != null && result.isCancelled()) {
                answer.cancel(false);
            }
        });
        return result;
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        List<ChatChunk> chunks = List.of();
        ProviderException failure;
        long firstDelay = settings.latencyMs();
        try {
            MockAnswers.Answer answer = MockAnswers.answer(request, modelFor(request));
            failure = failures.next();
            if (failure == null) {
                chunks = chunks(newId(), request, answer);
            }
        } catch (ProviderException e) {
            // a request the provider rejects is rejected at once, as a real one would
            failure = e;
            firstDelay = 0;
        }
        new MockStream(subscriber, chunks, failure, timer, firstDelay, settings.chunkDelayMs()).start();
    }

    /** Deterministic vectors ({@link MockEmbeddings}) for every model of the instance, after the configured latency. */
    @Override
    public CompletionStage<EmbeddingsResponse> embed(EmbeddingsRequest request, CallContext context) {
        EmbeddingsResponse response;
        try {
            modelFor(request.model());
            response = MockEmbeddings.embed(request);
        } catch (ProviderException e) {
            return CompletableFuture.failedFuture(e);
        }
        ProviderException failure = failures.next();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        if (settings.latencyMs() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        CompletableFuture<EmbeddingsResponse> result = new CompletableFuture<>();
        ScheduledFuture<?> answer = timer.schedule(() -> result.complete(response), settings.latencyMs());
        if (answer == null) {
            result.completeExceptionally(LatencyTimer.stoppedError());
        }
        result.whenComplete((r, e) -> {
            if (answer != null && result.isCancelled()) {
                answer.cancel(false);
            }
        });
        return result;
    }

    /**
     * Passes at once, unless the instance is closed or the failure injection says this check fails (the same
     * rate and code as chat calls, drawn from a sequence of its own so seeded chat failures stay where they were).
     */
    @Override
    public CompletionStage<HealthCheckResult> check(CallContext context) {
        if (closed) {
            return CompletableFuture.failedFuture(new ProviderException(ErrorCode.UNAVAILABLE,
                    "mock instance " + config.id() + " is closed"));
        }
        ProviderException failure = failures.nextCheck();
        return failure == null ? CompletableFuture.completedFuture(HealthCheckResult.of(models.size() + " models"))
                : CompletableFuture.failedFuture(failure);
    }

    @Override
    public void close() {
        closed = true;
    }

    private ModelInfo modelFor(ChatRequest request) {
        return modelFor(request.model());
    }

    private ModelInfo modelFor(String requested) {
        if (closed) {
            throw new ProviderException(ErrorCode.UNAVAILABLE, "mock instance " + config.id() + " is closed");
        }
        if (timer.isStopped()) {
            throw LatencyTimer.stoppedError();
        }
        ModelInfo model = modelsById.get(requested);
        if (model == null) {
            throw new ProviderException(ErrorCode.NOT_FOUND, "mock instance " + config.id()
                    + " does not serve model '" + requested + "'");
        }
        return model;
    }

    private ChatResponse response(ChatRequest request, MockAnswers.Answer answer) {
        ChatChoice choice = new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, answer.text()),
                answer.finishReason());
        return new ChatResponse(newId(), request.model(), clock.instant().getEpochSecond(), List.of(choice),
                answer.usage());
    }

    /** Role first, then one chunk per word, then the finish reason, then usage when the client asked for it. */
    static List<ChatChunk> chunks(String id, ChatRequest request, MockAnswers.Answer answer) {
        String model = request.model();
        List<String> words = MockAnswers.wordChunks(answer.text());
        List<ChatChunk> chunks = new ArrayList<>(words.size() + 3);
        chunks.add(new ChatChunk(id, model, 0, ChatMessage.ASSISTANT, "", null, null));
        for (String word : words) {
            chunks.add(ChatChunk.content(id, model, word));
        }
        chunks.add(new ChatChunk(id, model, 0, null, null, answer.finishReason(), null));
        if (request.includeUsage()) {
            chunks.add(new ChatChunk(id, model, 0, null, null, null, answer.usage()));
        }
        return chunks;
    }

    private static String newId() {
        return "chatcmpl-mock-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }
}
