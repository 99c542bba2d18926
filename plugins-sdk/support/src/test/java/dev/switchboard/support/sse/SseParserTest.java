package dev.switchboard.support.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class SseParserTest {

    /** OpenAI's shape, with the keep-alive comments and CRLF some proxies add. */
    private static final String OPENAI_STREAM = ""
            + ": keep-alive\r\n\r\n"
            + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\r\n\r\n"
            + "data: {\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße, 世界 🌍\"}}]}\n\n"
            + "data: [DONE]\n\n";

    private static final String MIXED = ""
            + "\uFEFFevent: message_start\n"
            + "id: 7\n"
            + "data: first line\r"
            + "data:second line\r\n"
            + "data\n"
            + ":comment in the middle\n"
            + "retry: 1000\n"
            + "unknown: ignored\n"
            + "\n"
            + "event: ping\n"
            + "\n"                                   // no data: not dispatched, type resets
            + "data:  two leading spaces keep one\n"
            + "\n"
            + "data: tail without blank line";

    @Test
    public void parsesOpenAiStream() {
        List<SseEvent> events = parseWhole(OPENAI_STREAM);

        assertThat(events).extracting(SseEvent::data).containsExactly(
                "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Grüße, 世界 🌍\"}}]}",
                "[DONE]");
        assertThat(events).extracting(SseEvent::event).containsOnly(SseEvent.DEFAULT_TYPE);
    }

    @Test
    public void handlesFieldsCommentsLineEndingsAndMultiLineData() {
        List<SseEvent> events = parseWhole(MIXED);

        assertThat(events).containsExactly(
                new SseEvent("message_start", "first line\nsecond line\n", "7"),
                new SseEvent(null, " two leading spaces keep one", "7"),
                new SseEvent(null, "tail without blank line", "7"));
    }

    @Test
    public void everySplitPointGivesTheSameEvents() {
        for (String fixture : List.of(OPENAI_STREAM, MIXED)) {
            byte[] bytes = fixture.getBytes(StandardCharsets.UTF_8);
            List<SseEvent> expected = parseWhole(fixture);
            for (int a = 0; a <= bytes.length; a++) {
                for (int b = a; b <= bytes.length; b += 7) {
                    List<SseEvent> events = new ArrayList<>();
                    SseParser parser = new SseParser(events::add);
                    parser.feed(bytes, 0, a);
                    parser.feed(bytes, a, b - a);
                    parser.feed(bytes, b, bytes.length - b);
                    parser.finish();
                    assertThat(events).as("split at %d and %d", a, b).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    public void byteByByteFromDirectBuffers() {
        byte[] bytes = OPENAI_STREAM.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        for (byte b : bytes) {
            ByteBuffer direct = ByteBuffer.allocateDirect(1);
            direct.put(b).flip();
            parser.feed(direct);
            assertThat(direct.hasRemaining()).isFalse();
        }
        parser.finish();

        assertThat(events).isEqualTo(parseWhole(OPENAI_STREAM));
    }

    @Test
    public void handsOnEachEventAsSoonAsItsBlankLineArrives() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);

        parser.feed(bytes("data: one\n"));
        assertThat(events).isEmpty();
        parser.feed(bytes("\ndata: tw"));
        assertThat(events).extracting(SseEvent::data).containsExactly("one");
        parser.feed(bytes("o\r"));
        assertThat(events).hasSize(1);
        parser.feed(bytes("\r"));
        assertThat(events).extracting(SseEvent::data).containsExactly("one", "two");
    }

    @Test
    public void crAtTheEndOfOneFeedAndLfAtTheStartOfTheNextIsOneLineEnd() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);

        parser.feed(bytes("data: a\r"));
        parser.feed(bytes("\ndata: b\r"));
        parser.feed(bytes("\n\r"));
        parser.feed(bytes("\n"));

        assertThat(events).extracting(SseEvent::data).containsExactly("a\nb");
    }

    @Test
    public void emptyDataLineDispatchesAnEmptyEvent() {
        List<SseEvent> events = parseWhole("data\n\ndata:\n\n");

        assertThat(events).extracting(SseEvent::data).containsExactly("", "");
    }

    @Test
    public void anIncompleteLineIsNotDispatchedBeforeFinish() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);

        parser.feed(bytes("data: {\"partial\":"));

        assertThat(events).isEmpty();
    }

    @Test
    public void boundsTheSizeOfOneEvent() {
        SseParser parser = new SseParser(e -> { }, 64);
        parser.feed(bytes("data: " + "x".repeat(30) + "\n"));

        assertThatThrownBy(() -> parser.feed(bytes("data: " + "y".repeat(40) + "\n")))
                .isInstanceOf(SseLimitExceededException.class);
    }

    @Test
    public void theBoundIsPerEvent() {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add, 64);
        for (int i = 0; i < 100; i++) {
            parser.feed(bytes("data: " + "x".repeat(40) + "\n\n"));
        }

        assertThat(events).hasSize(100);
    }

    @Test
    public void bufferedBytesCountTheEventsDataAndTheUnfinishedLine() {
        SseParser parser = new SseParser(e -> { });
        parser.feed(bytes("data: abc\ndata: de"));
        assertThat(parser.bufferedBytes()).isEqualTo(4 + 8);   // "abc" and its line end, then "data: de"

        parser.feed(bytes("\n\n"));
        assertThat(parser.bufferedBytes()).isZero();
    }

    @Test
    public void refusesNoSinkOrANonPositiveBound() {
        assertThatThrownBy(() -> new SseParser(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink is required");
        assertThatThrownBy(() -> new SseParser(e -> { }, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventBytes must be positive");
    }

    private static List<SseEvent> parseWhole(String text) {
        List<SseEvent> events = new ArrayList<>();
        SseParser parser = new SseParser(events::add);
        parser.feed(bytes(text));
        parser.finish();
        return events;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
