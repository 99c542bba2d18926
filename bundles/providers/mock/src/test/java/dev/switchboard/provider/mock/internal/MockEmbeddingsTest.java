package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MockEmbeddingsTest {

    @Test
    public void theSameTextAlwaysGivesTheSameUnitVectorOfTheAskedLength() {
        EmbeddingsResponse first = MockEmbeddings.embed(new EmbeddingsRequest("mock-embed", List.of("a", "b"), 40,
                null, Map.of()));
        EmbeddingsResponse again = MockEmbeddings.embed(new EmbeddingsRequest("mock-embed", List.of("a"), 40, null,
                Map.of()));

        assertThat(first.vectors()).hasSize(2);
        assertThat(first.vectors().get(0)).hasSize(40).containsExactly(again.vectors().get(0));
        assertThat(first.vectors().get(0)).isNotEqualTo(first.vectors().get(1));
        double norm = 0;
        for (float value : first.vectors().get(1)) {
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(first.usage().promptTokens()).isPositive();
        assertThat(MockEmbeddings.embed(new EmbeddingsRequest("m", List.of("a"), null, null, Map.of()))
                .vectors().get(0)).hasSize(MockEmbeddings.DEFAULT_DIMENSIONS);
    }
}
