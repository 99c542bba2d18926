package dev.switchboard.api.audio;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves {@code POST /v1/audio/transcriptions} and
 * {@code /v1/audio/translations}. The contract of {@code ProviderInstance#chat} holds.
 */
@ConsumerType
public interface TranscriptionCapable {

    CompletionStage<Transcription> transcribe(TranscriptionRequest request, CallContext context);
}
