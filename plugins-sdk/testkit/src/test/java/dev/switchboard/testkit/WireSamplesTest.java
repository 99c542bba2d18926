package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class WireSamplesTest {

    @Test
    public void aSampleIsReadRawAsTextAsItsEventPayloadsAndAsItsLines() {
        assertThat(WireSamples.text("sample.ndjson")).isEqualTo("{\"n\":1}\n\n{\"n\":2}\n");
        assertThat(WireSamples.bytes("sample.ndjson"))
                .isEqualTo("{\"n\":1}\n\n{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(WireSamples.events("sample.sse")).containsExactly("{\"n\":1}", "[DONE]");
        assertThat(WireSamples.lines("sample.ndjson")).containsExactly("{\"n\":1}", "{\"n\":2}");
    }

    @Test
    public void aMissingSampleIsNamedInTheFailure() {
        assertThatThrownBy(() -> WireSamples.text("nope.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.json");
    }
}
