package dev.switchboard.bench.jmh;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.provider.openai.internal.OpenAiMappingProbe;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A provider whose "network" is a canned upstream body: each call does the openai provider's real work on
 * both sides of the wire (our request -> Chat Completions JSON, upstream JSON -> our response) and nothing else.
 */
final class InProcessProvider implements ModelProvider {

    private final InstanceConfig config;
    private final byte[] upstreamAnswer;
    private final boolean mapping;
    private final ChatResponse fixed;

    /**
     * @param mapping true: map request and response with the openai provider's code; false: answer {@code fixed}
     *                without any mapping (the pipeline's own cost)
     */
    InProcessProvider(String model, byte[] upstreamAnswer, boolean mapping) throws IOException {
        this.config = new InstanceConfig("inproc", "openai", "http://127.0.0.1:1/v1", "sk-bench",
                List.of(ModelInfo.text(model, "0.15", "0.60", 128_000)), 1, Map.of());
        this.upstreamAnswer = upstreamAnswer;
        this.mapping = mapping;
        this.fixed = OpenAiMappingProbe.response(upstreamAnswer);
    }

    @Override
    public String type() {
        return "openai";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.CHAT);
    }

    @Override
    public List<InstanceConfig> configuredInstances() {
        return List.of(config);
    }

    @Override
    public ProviderInstance createInstance(InstanceConfig instanceConfig) {
        return new ProviderInstance() {
            @Override
            public InstanceConfig config() {
                return instanceConfig;
            }

            @Override
            public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
                if (!mapping) {
                    return CompletableFuture.completedFuture(fixed);
                }
                byte[] wire = OpenAiMappingProbe.requestBody(request, false);
                if (wire.length == 0) {
                    throw new IllegalStateException("empty body");
                }
                try {
                    return CompletableFuture.completedFuture(OpenAiMappingProbe.response(upstreamAnswer));
                } catch (IOException e) {
                    return CompletableFuture.failedFuture(new ProviderException(ErrorCode.INTERNAL, e.toString()));
                }
            }

            @Override
            public void chatStream(ChatRequest request, CallContext context,
                    Flow.Subscriber<? super ChatChunk> subscriber) {
                throw new UnsupportedOperationException("the JMH bench measures chunks without the pipeline");
            }

            @Override
            public void close() {
            }
        };
    }
}
