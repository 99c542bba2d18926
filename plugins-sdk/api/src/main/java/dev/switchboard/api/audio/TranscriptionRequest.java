package dev.switchboard.api.audio;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * Audio to transcribe ({@code translate} false: {@code /v1/audio/transcriptions}) or to translate into English
 * ({@code /v1/audio/translations}). {@code file} is the uploaded file as the client sent it, {@code fileName} its
 * name (the upstream infers the format from it). {@code responseFormat} is {@code json}, {@code text},
 * {@code srt}, {@code verbose_json} or {@code vtt}; other form fields travel in {@code extensions} as strings.
 */
public record TranscriptionRequest(String model, byte[] file, String fileName, String fileContentType,
                                   String language, String prompt, String responseFormat, Double temperature,
                                   boolean translate, Map<String, Object> extensions) {

    public TranscriptionRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        if (file == null || file.length == 0) {
            throw new IllegalArgumentException("file is required");
        }
        fileName = fileName == null || fileName.isBlank() ? "audio" : fileName;
        extensions = Extensions.copyOf(extensions);
    }

    public TranscriptionRequest withModel(String otherModel) {
        return new TranscriptionRequest(otherModel, file, fileName, fileContentType, language, prompt,
                responseFormat, temperature, translate, extensions);
    }

    /** The format asked for, {@code json} when not sent. */
    public String format() {
        return responseFormat == null || responseFormat.isBlank() ? "json" : responseFormat;
    }
}
