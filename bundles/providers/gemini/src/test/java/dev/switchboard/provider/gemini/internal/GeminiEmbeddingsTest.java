package dev.switchboard.provider.gemini.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testkit.WireSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

/** The embeddings wire mapping (ready for the API's embeddings capability), with fixtures. */
public class GeminiEmbeddingsTest {

    @Test
    public void oneInputIsAnEmbedContentRequest() {
        String body = new String(GeminiEmbeddings.requestBody("gemini-embedding-001", List.of("What is life?"), 768,
                "SEMANTIC_SIMILARITY"), StandardCharsets.UTF_8);

        assertThat(GeminiEmbeddings.method(1)).isEqualTo("embedContent");
        assertThat(body).isEqualTo("{\"content\":{\"parts\":[{\"text\":\"What is life?\"}]},"
                + "\"taskType\":\"SEMANTIC_SIMILARITY\",\"outputDimensionality\":768}");
    }

    @Test
    public void severalInputsAreOneBatchRequestEachNamingTheModel() {
        String body = new String(GeminiEmbeddings.requestBody("gemini-embedding-001", List.of("a", "b"), null, null),
                StandardCharsets.UTF_8);

        assertThat(GeminiEmbeddings.method(2)).isEqualTo("batchEmbedContents");
        assertThat(body).isEqualTo("{\"requests\":[{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":"
                + "[{\"text\":\"a\"}]}},{\"model\":\"models/gemini-embedding-001\",\"content\":{\"parts\":[{\"text\":\"b\"}]}}]}");
    }

    @Test
    public void noInputIsRefused() {
        assertThatThrownBy(() -> GeminiEmbeddings.requestBody("m", List.of(), null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void bothAnswersGiveTheVectorsInOrder() throws IOException {
        List<float[]> single = GeminiEmbeddings.readVectors(WireSamples.bytes("embed-content.json"));
        List<float[]> batch = GeminiEmbeddings.readVectors(WireSamples.bytes("batch-embed-contents.json"));

        assertThat(single).hasSize(1);
        assertThat(single.get(0)).containsExactly(0.013168523f, -0.008711934f, -0.046782676f, 0.000699695f);
        assertThat(batch).hasSize(2);
        assertThat(batch.get(0)).containsExactly(0.1f, -0.2f, 0.3f);
        assertThat(batch.get(1)).containsExactly(-0.4f, 0.5f, 0.6f);
    }

    @Test
    public void aValueThatIsNotANumberIsUnreadable() {
        byte[] json = "{\"embedding\":{\"values\":[0.1,\"x\"]}}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> GeminiEmbeddings.readVectors(json)).isInstanceOf(IOException.class);
    }
}
