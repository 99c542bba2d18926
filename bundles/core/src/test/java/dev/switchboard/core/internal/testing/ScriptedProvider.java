package dev.switchboard.core.internal.testing;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for pipeline tests: each instance answers "<instance>:<last user message>" with fixed
 * usage, unless a failure is queued for it; streams split the answer in two chunks plus usage.
 */
public final class ScriptedProvider implements ModelProvider {

    private final String type;
    private final List<InstanceConfig> configs = new ArrayList<>();
    /** What an instance's next calls end with: a ProviderException, or any throwable a buggy plugin produces. */
    public final Map<String, Queue<Throwable>> failures = new java.util.concurrent.ConcurrentHashMap<>();
    /** Thrown by the instance's next calls instead of answering (a bug before any stage or subscription). */
    public final Map<String, Queue<RuntimeException>> throwsNext = new java.util.concurrent.ConcurrentHashMap<>();
    /** Instance ids whose creation fails, with what createInstance throws. */
    public final Map<String, RuntimeException> refuseToCreate = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    public final AtomicInteger closed = new AtomicInteger();
    public final AtomicBoolean cancelled = new AtomicBoolean();
    /** When set, streams stop after the first content chunk and wait (for cancellation tests). */
    public volatile boolean holdStreams;
    public volatile ProviderException failMidStream;
    /** When set, calls are accepted and never answered (for deadline tests). */
    public volatile boolean neverAnswer;
    /** When set, chat calls answer exactly this (e.g. with fields beyond the modelled ones). */
    public volatile ChatResponse answerWith;
    /** When set, streams send exactly these chunks, then complete. */
    public volatile List<ChatChunk> streamWith;
    /** What the type declares; core routes streams only to types with CHAT_STREAMING. */
    public volatile Set<Capability> capabilities = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    public ScriptedProvider(String type) {
        this.type = type;
    }

    public ScriptedProvider withInstance(String id, ModelInfo... models) {
        configs.add(new InstanceConfig(id, type, null, null, List.of(models), 1, Map.of()));
        return this;
    }

    public ScriptedProvider withConfig(InstanceConfig config) {
        configs.add(config);
        return this;
    }

    public ScriptedProvider withInstance(String id, Map<String, String> settings, ModelInfo... models) {
        configs.add(new InstanceConfig(id, type, null, null, List.of(models), 1, settings));
        return this;
    }

    public void failNext(String instanceId, Throwable failure) {
        failures.computeIfAbsent(instanceId, id -> new ConcurrentLinkedQueue<>()).add(failure);
    }

    public void throwNext(String instanceId, RuntimeException failure) {
        throwsNext.computeIfAbsent(instanceId, id -> new ConcurrentLinkedQueue<>()).add(failure);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public List<InstanceConfig> configuredInstances() {
        return configs;
    }

    @Override
    public ProviderInstance createInstance(InstanceConfig config) {
        RuntimeException refusal = refuseToCreate.get(config.id());
        if (refusal != null) {
            throw refusal;
        }
        return new Instance(config);
    }

    private final class Instance implements ProviderInstance {

        private final InstanceConfig config;

        Instance(InstanceConfig config) {
            this.config = config;
        }

        @Override
        public InstanceConfig config() {
            return config;
        }

        private Throwable nextFailure() {
            Queue<RuntimeException> thrown = throwsNext.get(config.id());
            RuntimeException bug = thrown == null ? null : thrown.poll();
            if (bug != null) {
                throw bug;
            }
            Queue<Throwable> queue = failures.get(config.id());
            return queue == null ? null : queue.poll();
        }

        private String answer(ChatRequest request) {
            return config.id() + ":" + request.messages().get(request.messages().size() - 1).content();
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
            received.add(request);
            if (neverAnswer) {
                CompletableFuture<ChatResponse> never = new CompletableFuture<>();
                never.whenComplete((r, e) -> cancelled.set(never.isCancelled()));
                return never;
            }
            Throwable failure = nextFailure();
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (answerWith != null) {
                return CompletableFuture.completedFuture(answerWith);
            }
            return CompletableFuture.completedFuture(new ChatResponse("resp-" + config.id(), request.model(), 1L,
                    List.of(new ChatChoice(0, ChatMessage.of("assistant", answer(request)), "stop")),
                    new Usage(1000, 500)));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
            received.add(request);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
            if (neverAnswer) {
                return;
            }
            Throwable failure = nextFailure();
            if (failure != null) {
                subscriber.onError(failure);
                return;
            }
            if (streamWith != null) {
                streamWith.forEach(subscriber::onNext);
                subscriber.onComplete();
                return;
            }
            String answer = answer(request);
            String id = "chunk-" + config.id();
            subscriber.onNext(new ChatChunk(id, request.model(), 0, "assistant", "", null, null));
            subscriber.onNext(ChatChunk.content(id, request.model(), answer.substring(0, 3)));
            if (holdStreams) {
                return;
            }
            if (failMidStream != null) {
                subscriber.onError(failMidStream);
                return;
            }
            subscriber.onNext(ChatChunk.content(id, request.model(), answer.substring(3)));
            subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, "stop", null));
            if (request.includeUsage()) {
                subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, null, new Usage(1000, 500)));
            }
            subscriber.onComplete();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
