package dev.switchboard.support.aws;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message of an {@code application/vnd.amazon.eventstream}: its headers (names to {@code String},
 * {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code byte[]},
 * {@code java.time.Instant} or {@code java.util.UUID} values) and its payload.
 *
 * <p>AWS services say what a message is in three headers: {@code :message-type} ({@code event}, {@code exception}
 * or {@code error}), then {@code :event-type} (e.g. {@code contentBlockDelta}) or {@code :exception-type} (e.g.
 * {@code throttlingException}), or for an error {@code :error-code} and {@code :error-message}.
 */
public record EventStreamMessage(Map<String, Object> headers, byte[] payload) {

    public static final String MESSAGE_TYPE = ":message-type";
    public static final String EVENT_TYPE = ":event-type";
    public static final String EXCEPTION_TYPE = ":exception-type";
    public static final String ERROR_CODE = ":error-code";
    public static final String ERROR_MESSAGE = ":error-message";
    public static final String CONTENT_TYPE = ":content-type";

    public EventStreamMessage {
        headers = headers == null ? Map.of() : headers;
        payload = payload == null ? new byte[0] : payload;
    }

    /** A header's value as text (strings as they are, other types by {@code toString}), or {@code null}. */
    public String header(String name) {
        Object value = headers.get(name);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
    }

    public String messageType() {
        String type = header(MESSAGE_TYPE);
        return type == null ? "event" : type;
    }

    public boolean isEvent() {
        return "event".equals(messageType());
    }

    public String eventType() {
        return header(EVENT_TYPE);
    }

    /** For an {@code exception} message its {@code :exception-type}, for an {@code error} its {@code :error-code}. */
    public String exceptionType() {
        String type = header(EXCEPTION_TYPE);
        return type != null ? type : header(ERROR_CODE);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "EventStreamMessage[" + messageType() + " " + (isEvent() ? eventType() : exceptionType()) + ", "
                + payload.length + " bytes]";
    }
}
