package dev.switchboard.support.ndjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class NdjsonParserTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    public void linesSplitAnywhereComeOutWhole() {
        byte[] stream = "{\"a\":\"é\"}\n{\"b\":2}\r\n\n  \n{\"c\":3}\n".getBytes(StandardCharsets.UTF_8);
        NdjsonParser parser = new NdjsonParser(lines::add);
        for (int split = 0; split <= stream.length; split++) {
            lines.clear();
            parser.feed(ByteBuffer.wrap(stream, 0, split));
            parser.feed(ByteBuffer.wrap(stream, split, stream.length - split));
            assertThat(lines).as("split at %d", split).containsExactly("{\"a\":\"é\"}", "{\"b\":2}", "{\"c\":3}");
        }
    }

    @Test
    public void eachLineIsHandedOnAsItsNewlineArrives() {
        NdjsonParser parser = new NdjsonParser(lines::add);
        parser.feed("{\"a\":1}\n{\"b\"".getBytes(StandardCharsets.UTF_8));
        assertThat(lines).containsExactly("{\"a\":1}");
        assertThat(parser.bufferedBytes()).isEqualTo(4);
    }

    @Test
    public void finishDispatchesALastLineWithoutNewline() {
        NdjsonParser parser = new NdjsonParser(lines::add);
        parser.feed("{\"done\":true}".getBytes(StandardCharsets.UTF_8));
        assertThat(lines).isEmpty();
        parser.finish();
        assertThat(lines).containsExactly("{\"done\":true}");
    }

    @Test
    public void aLineBeyondTheBoundFails() {
        NdjsonParser parser = new NdjsonParser(lines::add, 16);
        parser.feed("{\"short\":1}\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> parser.feed("{\"much longer than sixteen\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NdjsonLimitExceededException.class).hasMessageContaining("16");
    }

    @Test
    public void refusesNoSinkOrANonPositiveBound() {
        assertThatThrownBy(() -> new NdjsonParser(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink is required");
        assertThatThrownBy(() -> new NdjsonParser(lines::add, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLineBytes must be positive");
    }

    @Test
    public void directBuffersAreRead() {
        NdjsonParser parser = new NdjsonParser(lines::add);
        ByteBuffer direct = ByteBuffer.allocateDirect(32);
        direct.put("{\"x\":1}\n".getBytes(StandardCharsets.UTF_8)).flip();
        parser.feed(direct);
        assertThat(lines).containsExactly("{\"x\":1}");
        assertThat(direct.hasRemaining()).isFalse();
    }
}
