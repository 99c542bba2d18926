package dev.switchboard.core.api;

import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * Receives generated speech as it arrives. {@link #onStart} comes once, with the first piece of audio (before
 * it, core may still fail over and an error arrives as {@link #onError}); then pieces; then exactly one of
 * {@link #onComplete} or {@link #onError}. Called from network threads: never block.
 */
public interface AudioListener extends PieceListener<ByteBuffer> {

    @Override
    void onStart(String instanceId, String providerType);

    void onAudio(ByteBuffer audio);

    @Override
    default void onPiece(ByteBuffer audio) {
        onAudio(audio);
    }

    void onComplete(BigDecimal costUsd);

    void onError(GatewayException error);
}
