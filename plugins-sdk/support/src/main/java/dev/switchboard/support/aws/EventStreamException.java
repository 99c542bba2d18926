package dev.switchboard.support.aws;

/**
 * A byte stream that is not a well-formed {@code application/vnd.amazon.eventstream}: a CRC that does not match,
 * a length out of bounds, a header of an unknown type, or the stream cut inside a message. The stream cannot be
 * resynchronized after it, so the call that carried it is failed.
 */
public class EventStreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EventStreamException(String message) {
        super(message);
    }
}
