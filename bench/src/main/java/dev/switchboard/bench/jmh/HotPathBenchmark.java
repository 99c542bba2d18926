package dev.switchboard.bench.jmh;

import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.cache.ResponseCache;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.cache.memory.internal.MemoryCache;
import dev.switchboard.cache.memory.internal.MemoryCacheConfig;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.internal.health.RouteHealth;
import dev.switchboard.core.internal.metrics.GatewayMetrics;
import dev.switchboard.core.internal.pipeline.Pipeline;
import dev.switchboard.core.internal.pipeline.PipelineSettings;
import dev.switchboard.core.internal.routing.InstanceRegistry;
import dev.switchboard.provider.openai.internal.OpenAiMappingProbe;
import dev.switchboard.rest.internal.json.ChatCompletionWriter;
import dev.switchboard.rest.internal.json.ChatRequestReader;
import dev.switchboard.rest.internal.json.SseChunkWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The gateway's in-process hot path with its real classes, for a typical small chat request: the rest
 * bundle's request reader and response writer, core's pipeline (routing, admission, attempt, accounting,
 * metrics) over an in-process provider, and the openai provider's wire mapping both ways. No HTTP, no
 * grid: what is left is what one request costs in our own code. Run with {@code -prof gc} for bytes/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class HotPathBenchmark {

    static final String MODEL = "bench-model";

    private static final byte[] CLIENT_BODY = ("{\"model\":\"" + MODEL + "\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a terse assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"Say hello to the benchmark in one short sentence.\"}],"
            + "\"max_tokens\":64,\"temperature\":0.7}").getBytes(StandardCharsets.UTF_8);

    /** what an OpenAI-compatible upstream answers (the same body the bench's stub sends) */
    private static final byte[] UPSTREAM_ANSWER = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello from the benchmark stub. This answer is canned and short.\"},"
            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":12,\"total_tokens\":36}}")
            .getBytes(StandardCharsets.UTF_8);

    private static final String UPSTREAM_CHUNK = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1700000000,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\",\"choices\":["
            + "{\"index\":0,\"delta\":{\"content\":\" hello\"},\"logprobs\":null,\"finish_reason\":null}]}";

    /** the same request, deterministic: answered from the L1 cache after the first call */
    private static final byte[] CACHEABLE_BODY = new String(CLIENT_BODY, StandardCharsets.UTF_8)
            .replace("\"temperature\":0.7", "\"temperature\":0").getBytes(StandardCharsets.UTF_8);

    private static final Caller CALLER = new Caller("key_bench", "bench", "default", true);

    private final ChatRequestReader reader = new ChatRequestReader();
    private final ChatCompletionWriter writer = new ChatCompletionWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    private Pipeline pipeline;
    private Pipeline bare;
    private Pipeline cached;
    private ChatRequest parsed;
    private ChatResponse response;
    private SseChunkWriter sse;
    private ChunkSink sink;

    @Setup
    public void setUp() throws IOException {
        pipeline = pipeline(new InProcessProvider(MODEL, UPSTREAM_ANSWER, true));
        bare = pipeline(new InProcessProvider(MODEL, UPSTREAM_ANSWER, false));
        cached = pipeline(new InProcessProvider(MODEL, UPSTREAM_ANSWER, true), List.of(memoryCache()));
        cached.chat(CALLER, reader.read(CACHEABLE_BODY)).toCompletableFuture().join();
        parsed = reader.read(CLIENT_BODY);
        response = OpenAiMappingProbe.response(UPSTREAM_ANSWER);
        sse = new SseChunkWriter(out, "chatcmpl-x", MODEL, 1_700_000_000L, false);
        sink = new ChunkSink(sse);
    }

    @TearDown
    public void tearDown() throws IOException {
        sse.close();
    }

    private static Pipeline pipeline(InProcessProvider provider) {
        return pipeline(provider, List.of());
    }

    private static Pipeline pipeline(InProcessProvider provider, List<ResponseCache> caches) {
        GatewayMetrics metrics = new GatewayMetrics(new MetricRegistry());
        InstanceRegistry registry = new InstanceRegistry(metrics, () -> new RouteHealth(5, 30_000, System::nanoTime));
        registry.addProvider(provider);
        return new Pipeline(registry, () -> caches, List::of, List::of, metrics,
                new PipelineSettings(120_000, 3, 200, 5_000, "round-robin"));
    }

    private static ResponseCache memoryCache() {
        return new MemoryCache(new MemoryCacheConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return MemoryCacheConfig.class;
            }

            @Override
            public long ttl_seconds() {
                return 3600;
            }

            @Override
            public int max_entries() {
                return 1000;
            }
        });
    }

    /** client bytes in, client bytes out: read -> route/admit/call/account -> openai mapping both ways -> write */
    @Benchmark
    public int hotPath() throws IOException {
        ChatRequest request = reader.read(CLIENT_BODY);
        ChatOutcome outcome = pipeline.chat(CALLER, request).toCompletableFuture().join();
        out.reset();
        writer.write(outcome.response(), out);
        return out.size();
    }

    /**
     * the same bytes in and out as {@link #hotPath}, answered from the L1 cache: policy, fingerprint, lookup,
     * per-level metrics; it must cost well under a proxied call
     */
    @Benchmark
    public int cacheHit() throws IOException {
        ChatRequest request = reader.read(CACHEABLE_BODY);
        ChatOutcome outcome = cached.chat(CALLER, request).toCompletableFuture().join();
        out.reset();
        writer.write(outcome.response(), out);
        return out.size();
    }

    @Benchmark
    public ChatRequest readRequest() throws IOException {
        return reader.read(CLIENT_BODY);
    }

    /** core alone: the provider answers a ready response, no mapping */
    @Benchmark
    public ChatOutcome pipelineOnly() {
        return bare.chat(CALLER, parsed).toCompletableFuture().join();
    }

    @Benchmark
    public byte[] openAiRequestBody() {
        return OpenAiMappingProbe.requestBody(parsed, false);
    }

    @Benchmark
    public ChatResponse openAiReadResponse() throws IOException {
        return OpenAiMappingProbe.response(UPSTREAM_ANSWER);
    }

    @Benchmark
    public int writeResponse() throws IOException {
        out.reset();
        writer.write(response, out);
        return out.size();
    }

    /** one streamed token: upstream SSE data -> our chunk -> client SSE event (flushed) */
    @Benchmark
    public int streamChunk() throws IOException {
        out.reset();
        OpenAiMappingProbe.chunks(UPSTREAM_CHUNK, sink);
        return out.size();
    }

    private static final class ChunkSink implements java.util.function.Consumer<ChatChunk> {
        private final SseChunkWriter sse;

        ChunkSink(SseChunkWriter sse) {
            this.sse = sse;
        }

        @Override
        public void accept(ChatChunk chunk) {
            try {
                sse.chunk(chunk);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
