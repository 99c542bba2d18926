package dev.switchboard.rest.internal.http;

import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.VideosJson;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code POST /v1/videos}: JSON, or {@code multipart/form-data} as OpenAI's SDKs send it (an
 * {@code input_reference} image as a file part becomes a {@code data:} URL). A 400 names what is wrong.
 */
final class VideoForm {

    private VideoForm() {
    }

    static VideoRequest read(String contentType, byte[] body, int length) throws IOException {
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")) {
            return VideosJson.read(body, length);
        }
        MultipartForm form = MultipartForm.parse(contentType, body, length);
        String model = form.text("model");
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("model", "Missing required parameter: 'model'.");
        }
        String prompt = form.text("prompt");
        if (prompt == null || prompt.isEmpty()) {
            throw GatewayException.invalidRequest("prompt", "Missing required parameter: 'prompt'.");
        }
        String reference = null;
        MultipartForm.Part image = form.part("input_reference");
        if (image != null && image.fileName() != null) {
            String type = image.contentType() == null ? "application/octet-stream" : image.contentType();
            reference = "data:" + type + ";base64," + Base64.getEncoder().encodeToString(image.bytes());
        } else if (image != null) {
            reference = image.text();
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        form.parts().forEach((name, part) -> {
            if (!VideosJson.KNOWN.contains(name) && part.fileName() == null) {
                extensions.put(name, part.text());
            }
        });
        return new VideoRequest(model.trim(), prompt, VideosJson.seconds(form.text("seconds")),
                VideosJson.size(form.text("size")), reference, form.text("user"), extensions);
    }
}
