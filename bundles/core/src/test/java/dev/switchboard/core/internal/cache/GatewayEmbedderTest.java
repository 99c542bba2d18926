package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Outcome;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;

public class GatewayEmbedderTest {

    private final AtomicReference<Caller> caller = new AtomicReference<>();
    private final AtomicReference<EmbeddingsRequest> request = new AtomicReference<>();

    @Test
    public void embedsOneTextAsTheSystemCallerOfTheTenant() throws Exception {
        GatewayEmbedder embedder = new GatewayEmbedder((who, what) -> {
            caller.set(who);
            request.set(what);
            return answer(new float[] {0.5f, 0.25f});
        });

        float[] vector = embedder.embed("acme", "text-embedding-3-small", "what is the refund policy?")
                .toCompletableFuture().get();

        assertThat(vector).containsExactly(0.5f, 0.25f);
        assertThat(caller.get()).isEqualTo(new Caller("switchboard-system:acme", GatewayEmbedder.SYSTEM_KEY_NAME,
                "acme", false));
        assertThat(request.get().model()).isEqualTo("text-embedding-3-small");
        assertThat(request.get().input()).containsExactly("what is the refund policy?");
    }

    @Test
    public void aRefusedAdmissionIsAFailedStageNotAThrow() {
        GatewayEmbedder embedder = new GatewayEmbedder((who, what) -> {
            throw new IllegalArgumentException("no such model");
        });

        CompletionStage<float[]> stage = embedder.embed("acme", "missing", "text");

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
    }

    @Test
    public void anAnswerWithoutAVectorFails() {
        GatewayEmbedder embedder = new GatewayEmbedder((who, what) -> answer());

        assertThat(embedder.embed("acme", "m", "text").toCompletableFuture()).isCompletedExceptionally();
    }

    private static CompletionStage<Outcome<EmbeddingsResponse>> answer(float[]... vectors) {
        return CompletableFuture.completedFuture(new Outcome<>(new EmbeddingsResponse("m", List.of(vectors),
                Usage.NONE), "instance", "mock", BigDecimal.ZERO, 1, 1));
    }
}
