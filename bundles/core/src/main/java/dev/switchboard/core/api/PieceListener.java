package dev.switchboard.core.api;

import java.math.BigDecimal;

/**
 * Receives a streamed answer beyond chat as it arrives (audio, a legacy completion's chunks, the Responses API's
 * events passed through). {@link #onStart} comes once, with the first piece (before it, core may still fail over
 * and an error arrives as {@link #onError}); then pieces; then exactly one of {@link #onComplete} or
 * {@link #onError}. Called from network threads: never block.
 *
 * @param <P> what the stream carries
 */
public interface PieceListener<P> {

    void onStart(String instanceId, String providerType);

    void onPiece(P piece);

    void onComplete(BigDecimal costUsd);

    void onError(GatewayException error);
}
