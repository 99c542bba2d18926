package dev.switchboard.api.images;

import dev.switchboard.api.chat.Usage;
import java.util.List;

/** The generated images; {@code usage} when the provider reports tokens (gpt-image models), else {@link Usage#NONE}. */
public record ImageResponse(long createdEpochSeconds, List<GeneratedImage> data, Usage usage) {

    public ImageResponse {
        data = List.copyOf(data);
        usage = usage == null ? Usage.NONE : usage;
    }
}
