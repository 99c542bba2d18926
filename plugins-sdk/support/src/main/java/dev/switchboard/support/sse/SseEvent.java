package dev.switchboard.support.sse;

/**
 * One dispatched Server-Sent Event. {@code event} is {@value #DEFAULT_TYPE} when the stream named no type;
 * {@code data} joins the event's {@code data:} lines with {@code \n}; {@code id} is the last event id seen on
 * the stream, or {@code null}.
 */
public record SseEvent(String event, String data, String id) {

    public static final String DEFAULT_TYPE = "message";

    public SseEvent {
        event = event == null || event.isEmpty() ? DEFAULT_TYPE : event;
        data = data == null ? "" : data;
    }

    public static SseEvent data(String data) {
        return new SseEvent(DEFAULT_TYPE, data, null);
    }
}
