package dev.switchboard.api.audio;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves {@code POST /v1/audio/speech}. The audio is pushed as it
 * arrives, so the gateway hands each piece to the client at once: {@code onSubscribe}, {@code onNext} per piece
 * of audio (the buffer is the subscriber's once passed), then exactly one of {@code onComplete} or
 * {@code onError} (a {@code ProviderException}). Rules of {@code ProviderInstance#chatStream} hold (demand,
 * cancel aborts the upstream, never block). A failure before the first piece may be failed over by core.
 */
@ConsumerType
public interface SpeechCapable {

    void speech(SpeechRequest request, dev.switchboard.api.provider.CallContext context,
                Flow.Subscriber<? super ByteBuffer> subscriber);
}
