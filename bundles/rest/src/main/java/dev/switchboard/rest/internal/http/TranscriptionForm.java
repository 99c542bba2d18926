package dev.switchboard.rest.internal.http;

import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.core.api.GatewayException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The form fields of a transcription or translation upload, checked as OpenAI checks them. */
final class TranscriptionForm {

    private static final Set<String> FORMATS = Set.of("json", "text", "srt", "verbose_json", "vtt");
    private static final Set<String> KNOWN = Set.of("file", "model", "language", "prompt", "response_format",
            "temperature");

    private TranscriptionForm() {
    }

    static TranscriptionRequest read(MultipartForm form, boolean translate) {
        MultipartForm.Part file = form.part("file");
        if (file == null || file.bytes().length == 0) {
            throw GatewayException.invalidRequest("file", "Missing required parameter: 'file'.");
        }
        String model = form.text("model");
        if (model == null || model.isBlank()) {
            throw GatewayException.invalidRequest("model", "Missing required parameter: 'model'.");
        }
        String format = form.text("response_format");
        if (format != null && !FORMATS.contains(format)) {
            throw GatewayException.invalidRequest("response_format", "Invalid 'response_format': expected one of "
                    + "json, text, srt, verbose_json, vtt, but got '" + format + "' instead.");
        }
        Double temperature = null;
        String temperatureText = form.text("temperature");
        if (temperatureText != null) {
            try {
                temperature = Double.valueOf(temperatureText.trim());
            } catch (NumberFormatException e) {
                temperature = Double.NaN;
            }
            if (!(temperature >= 0 && temperature <= 1)) {
                throw GatewayException.invalidRequest("temperature", "Invalid 'temperature': expected a decimal "
                        + "between 0 and 1.");
            }
        }
        Map<String, Object> extensions = new LinkedHashMap<>();
        form.parts().forEach((name, part) -> {
            if (!KNOWN.contains(name) && part.fileName() == null) {
                extensions.put(name, part.text());
            }
        });
        return new TranscriptionRequest(model.trim(), file.bytes(), file.fileName(), file.contentType(),
                form.text("language"), form.text("prompt"), format, temperature, translate, extensions);
    }
}
