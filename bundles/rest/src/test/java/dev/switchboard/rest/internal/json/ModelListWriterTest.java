package dev.switchboard.rest.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.ModelListing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;

public class ModelListWriterTest {

    private final ModelListWriter writer = new ModelListWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    public void writesOpenAisListShapeOwnedByTheProviderType() throws IOException {
        writer.writeList(List.of(
                new ModelListing(ModelInfo.text("gpt-4o", "2.5", "10", 128_000), List.of("openai-1"), List.of("openai")),
                new ModelListing(ModelInfo.text("mock-echo", "0", "0", 8192), List.of(), List.of())), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"object\":\"list\",\"data\":["
                + "{\"id\":\"gpt-4o\",\"object\":\"model\",\"created\":0,\"owned_by\":\"openai\"},"
                + "{\"id\":\"mock-echo\",\"object\":\"model\",\"created\":0,\"owned_by\":\"switchboard\"}]}");
    }

    @Test
    public void writesOneModel() throws IOException {
        writer.writeOne(new ModelListing(ModelInfo.text("a/b", "1", "1", 1), List.of("x"), List.of("mock")), out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"a/b\",\"object\":\"model\",\"created\":0,\"owned_by\":\"mock\"}");
    }

    @Test
    public void writesAnEmptyList() throws IOException {
        writer.writeList(List.of(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"object\":\"list\",\"data\":[]}");
    }
}
