package dev.switchboard.api.video;

import java.nio.ByteBuffer;

/**
 * A finished video: its bytes ({@code content}, read-only, of type {@code mediaType}, e.g. {@code video/mp4}) or,
 * from an upstream that stores it, a {@code url}; {@code seconds} and {@code size} as generated (0 and {@code null}
 * when the upstream does not say).
 */
public record GeneratedVideo(ByteBuffer content, String mediaType, String url, int seconds, String size) {

    public GeneratedVideo {
        if ((content == null || !content.hasRemaining()) && (url == null || url.isBlank())) {
            throw new IllegalArgumentException("a video needs content or a url");
        }
        content = content == null ? null : content.asReadOnlyBuffer();
        mediaType = mediaType == null || mediaType.isBlank() ? "video/mp4" : mediaType;
    }

    /** The length of the content in bytes (0 for a url only). */
    public int length() {
        return content == null ? 0 : content.remaining();
    }
}
