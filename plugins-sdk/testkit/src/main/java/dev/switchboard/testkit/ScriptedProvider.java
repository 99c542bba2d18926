package dev.switchboard.testkit;

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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link ModelProvider} whose instances do what the test scripts, for tests of what consumes
 * providers (the gateway's pipeline, a selection strategy, a cache) rather than of a provider. Each instance
 * answers {@code "<instance id>:<last message>"} with usage 1000 in / 500 out, unless a failure is queued for
 * it ({@link #failNext}, {@link #throwNext}); a stream sends the role, the answer in two content chunks, the
 * finish reason, the usage chunk when asked for, then completes. Everything happens at once on the caller's
 * thread, and a stream pushes without waiting for demand (the gateway asks for everything at once): it is a
 * test double, not a model of a provider to copy — the contract a real provider keeps is
 * {@link ProviderContractTest}'s.
 */
public final class ScriptedProvider implements ModelProvider {

    /** The usage every answer reports. */
    public static final Usage USAGE = new Usage(1000, 500);

    private final String type;
    private final List<InstanceConfig> configs = new CopyOnWriteArrayList<>();
    private final Map<String, Queue<Throwable>> failures = new ConcurrentHashMap<>();
    private final Map<String, Queue<RuntimeException>> throwsNext = new ConcurrentHashMap<>();
    private final Map<String, RuntimeException> refuseToCreate = new ConcurrentHashMap<>();
    private final List<ChatRequest> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile boolean holdStreams;
    private volatile ProviderException failMidStream;
    private volatile boolean neverAnswer;
    private volatile Set<Capability> capabilities = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);
    private volatile ChatResponse answerWith;
    private volatile List<ChatChunk> streamWith;

    public ScriptedProvider(String type) {
        this.type = type;
    }

    // ---- what the provider contributes ----

    /** An instance of this provider's own configuration, serving {@code models}. */
    public ScriptedProvider withInstance(String id, ModelInfo... models) {
        return withInstance(id, Map.of(), models);
    }

    public ScriptedProvider withInstance(String id, Map<String, String> settings, ModelInfo... models) {
        return withConfig(new InstanceConfig(id, type, null, null, List.of(models), 1, settings));
    }

    public ScriptedProvider withConfig(InstanceConfig config) {
        configs.add(config);
        return this;
    }

    /** What the type declares (default: chat and streaming chat). */
    public ScriptedProvider capabilities(Set<Capability> declared) {
        this.capabilities = Set.copyOf(declared);
        return this;
    }

    // ---- how its instances behave ----

    /** The instance's next call ends with {@code failure} (a ProviderException, or whatever a buggy plugin fails with). */
    public ScriptedProvider failNext(String instanceId, Throwable failure) {
        failures.computeIfAbsent(instanceId, id -> new ConcurrentLinkedQueue<>()).add(failure);
        return this;
    }

    /** The instance's next call throws {@code bug} instead of answering (before any stage or subscription). */
    public ScriptedProvider throwNext(String instanceId, RuntimeException bug) {
        throwsNext.computeIfAbsent(instanceId, id -> new ConcurrentLinkedQueue<>()).add(bug);
        return this;
    }

    /** {@code createInstance} for this instance id throws {@code refusal}. */
    public ScriptedProvider refuseToCreate(String instanceId, RuntimeException refusal) {
        refuseToCreate.put(instanceId, refusal);
        return this;
    }

    /** Streams stop after the first content chunk and wait, until cancelled. */
    public ScriptedProvider holdStreams(boolean hold) {
        this.holdStreams = hold;
        return this;
    }

    /** Streams fail with {@code failure} after the first content chunk ({@code null}: they do not). */
    public ScriptedProvider failMidStream(ProviderException failure) {
        this.failMidStream = failure;
        return this;
    }

    /** Calls are accepted and never answered, until cancelled (for deadline tests). */
    /** Chat calls answer exactly this (e.g. with fields beyond the modelled ones); null for the default answer. */
    public ScriptedProvider answerWith(ChatResponse answer) {
        this.answerWith = answer;
        return this;
    }

    /** Streams send exactly these chunks, then complete; null for the default stream. */
    public ScriptedProvider streamWith(List<ChatChunk> chunks) {
        this.streamWith = chunks;
        return this;
    }

    public ScriptedProvider neverAnswer(boolean silent) {
        this.neverAnswer = silent;
        return this;
    }

    // ---- what happened ----

    /** Every request an instance received, in order. */
    public List<ChatRequest> received() {
        return received;
    }

    /** How many instances were closed. */
    public int closedInstances() {
        return closed.get();
    }

    /** Whether a call was cancelled by its caller (a stream's subscription, or a chat's stage). */
    public boolean upstreamCancelled() {
        return cancelled.get();
    }

    // ---- ModelProvider ----

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
        return List.copyOf(configs);
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
                    List.of(new ChatChoice(0, ChatMessage.of(ChatMessage.ASSISTANT, answer(request)), "stop")), USAGE));
        }

        @Override
        public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
            received.add(request);
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // pushes below regardless: the gateway asks for everything at once
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
            subscriber.onNext(new ChatChunk(id, request.model(), 0, ChatMessage.ASSISTANT, "", null, null));
            subscriber.onNext(ChatChunk.content(id, request.model(), answer.substring(0, 3)));
            if (holdStreams) {
                return;
            }
            ProviderException midStream = failMidStream;
            if (midStream != null) {
                subscriber.onError(midStream);
                return;
            }
            subscriber.onNext(ChatChunk.content(id, request.model(), answer.substring(3)));
            subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, "stop", null));
            if (request.includeUsage()) {
                subscriber.onNext(new ChatChunk(id, request.model(), 0, null, null, null, USAGE));
            }
            subscriber.onComplete();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
