package dev.switchboard.rest.internal.json;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.Set;

/** {@code POST /v1/audio/speech}: the body in (the answer is the audio itself). */
public final class SpeechJson {

    private static final Set<String> KNOWN = Set.of("model", "input", "voice", "response_format", "speed");
    private static final Set<String> FORMATS = Set.of("mp3", "opus", "aac", "flac", "wav", "pcm");

    private SpeechJson() {
    }

    public static SpeechRequest read(byte[] body, int length) throws IOException {
        BodyFields fields = BodyFields.read(body, length, "a 'model', an 'input' and a 'voice'");
        String model = fields.requiredString("model");
        String input = fields.requiredString("input");
        if (input.length() > 4096) {
            throw GatewayException.invalidRequest("input", "'input' is too long: at most 4096 characters.");
        }
        String voice = fields.requiredString("voice");
        String format = fields.string("response_format");
        if (format != null && !FORMATS.contains(format)) {
            throw GatewayException.invalidRequest("response_format", "Invalid 'response_format': expected one of "
                    + "mp3, opus, aac, flac, wav, pcm, but got '" + format + "' instead.");
        }
        return new SpeechRequest(model, input, voice, format, fields.decimal("speed", 0.25, 4.0),
                fields.extensions(KNOWN));
    }
}
