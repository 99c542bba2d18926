package dev.switchboard.rest.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * OpenAI's Videos API shapes: the create body in ({@code model}, {@code prompt}, {@code seconds} as text or number,
 * {@code size} {@code WIDTHxHEIGHT}, {@code input_reference} as an image URL), the {@code video} object out.
 */
public final class VideosJson {

    public static final Set<String> KNOWN = Set.of("model", "prompt", "seconds", "size", "input_reference", "user");

    private VideosJson() {
    }

    public static VideoRequest read(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model' and a 'prompt'");
        String model = fields.requiredString("model");
        String prompt = fields.requiredString("prompt");
        JsonNode seconds = fields.node("seconds");
        String reference = null;
        JsonNode input = fields.node("input_reference");
        if (input != null && input.isTextual()) {
            reference = input.asText();
        } else if (input != null && input.isObject() && input.path("image_url").isTextual()) {
            reference = input.path("image_url").asText();
        } else if (input != null && !input.isNull()) {
            throw GatewayException.invalidRequest("input_reference", "Invalid 'input_reference': expected an image "
                    + "URL or {\"image_url\": ...}.");
        }
        return new VideoRequest(model, prompt, seconds == null || seconds.isNull() ? null : seconds(seconds.asText()),
                size(fields.string("size")), reference, fields.string("user"), fields.extensions(KNOWN));
    }

    /** {@code "8"} or {@code 8}: a whole number of seconds from 1 to 600. */
    public static Integer seconds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds >= 1 && seconds <= 600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GatewayException.invalidRequest("seconds", "Invalid 'seconds': expected a whole number of seconds.");
    }

    /** {@code WIDTHxHEIGHT}, each 1 to 8192. */
    public static String size(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String size = text.trim();
        if (!size.matches("[1-9][0-9]{0,3}x[1-9][0-9]{0,3}")) {
            throw GatewayException.invalidRequest("size", "Invalid 'size': expected WIDTHxHEIGHT, e.g. 1280x720.");
        }
        return size;
    }

    /**
     * The {@code video} object of a finished job: OpenAI's fields, {@code status: completed} (the gateway answers
     * when the video is made), {@code seconds} as text as OpenAI writes it.
     */
    public static void write(String id, String model, long createdAt, long expiresAt, GeneratedVideo video,
                             OutputStream out) throws IOException {
        try (JsonGenerator gen = Json.generator(out)) {
            gen.writeStartObject();
            gen.writeStringField("id", id);
            gen.writeStringField("object", "video");
            gen.writeStringField("model", model);
            gen.writeStringField("status", "completed");
            gen.writeNumberField("progress", 100);
            gen.writeNumberField("created_at", createdAt);
            gen.writeNumberField("completed_at", createdAt);
            gen.writeNumberField("expires_at", expiresAt);
            if (video.size() != null) {
                gen.writeStringField("size", video.size());
            } else {
                gen.writeNullField("size");
            }
            if (video.seconds() > 0) {
                gen.writeStringField("seconds", Integer.toString(video.seconds()));
            } else {
                gen.writeNullField("seconds");
            }
            gen.writeNullField("remixed_from_video_id");
            gen.writeNullField("error");
            gen.writeEndObject();
        }
    }
}
