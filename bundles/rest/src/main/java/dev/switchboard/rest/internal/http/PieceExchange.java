package dev.switchboard.rest.internal.http;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.PieceListener;
import dev.switchboard.core.api.StreamHandle;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request whose answer streams beyond chat, in flight: speech (binary audio), a streamed legacy completion (SSE
 * chunks, then {@code data: [DONE]}), the Responses API passed through (SSE events as the upstream sent them).
 * Each piece is written to the client as it arrives (chunked, the length is not known), the way
 * {@link StreamExchange} writes chat's SSE events: into the exchange's {@link ClientOutput}, sent and flushed at
 * once while the client keeps up, else left for {@link #onWritePossible()}; a client more than
 * {@code stream.buffer.bytes} behind is disconnected and the upstream cancelled. Until the first piece nothing is
 * written, so an early failure is a JSON error with its status; after it an error ends the answer where it stopped.
 *
 * @param <P> what the stream carries
 */
final class PieceExchange<P> implements PieceListener<P>, Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(PieceExchange.class);

    /**
     * Starts the gateway's stream for this exchange's request under {@code requestId} (the response's
     * {@code x-request-id}), handing pieces to {@code listener}.
     */
    @FunctionalInterface
    interface Call<P> {
        StreamHandle start(Gateway gateway, Caller caller, String requestId, PieceListener<P> listener);
    }

    /** Writes one piece as the client gets it (audio bytes as they are, an SSE event, ...). */
    @FunctionalInterface
    interface PieceWriter<P> {
        void write(P piece, ClientOutput out) throws IOException;
    }

    private final EndpointServlet.ExchangeContext context;
    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Call<P> call;
    private final String contentType;
    private final PieceWriter<? super P> writer;
    /** Written after the last piece ({@code data: [DONE]}); null for none. */
    private final byte[] trailer;
    private final int bufferLimit;

    private ClientOutput output;
    private String instanceId;
    private boolean opened;
    private boolean finished;
    private boolean completed;
    private boolean cancelWanted;
    private StreamHandle handle;

    PieceExchange(EndpointServlet.ExchangeContext context, Call<P> call, String contentType,
                  PieceWriter<? super P> writer, byte[] trailer) {
        this.context = context;
        this.async = context.async();
        this.response = context.response();
        this.call = call;
        this.contentType = contentType;
        this.writer = writer;
        this.trailer = trailer;
        this.bufferLimit = context.streamBufferBytes();
    }

    /** Speech: the audio bytes as they arrive, in the format's content type. */
    static PieceExchange<ByteBuffer> audio(EndpointServlet.ExchangeContext context, SpeechRequest request) {
        return new PieceExchange<>(context, (gateway, caller, requestId, listener) -> gateway.speech(caller, requestId,
                request,
                new dev.switchboard.core.api.AudioListener() {
                    @Override
                    public void onStart(String instanceId, String providerType) {
                        listener.onStart(instanceId, providerType);
                    }

                    @Override
                    public void onAudio(ByteBuffer audio) {
                        listener.onPiece(audio);
                    }

                    @Override
                    public void onComplete(BigDecimal costUsd) {
                        listener.onComplete(costUsd);
                    }

                    @Override
                    public void onError(GatewayException error) {
                        listener.onError(error);
                    }
                }), request.contentType(), PieceExchange::writeAudio, null);
    }

    private static void writeAudio(ByteBuffer audio, ClientOutput out) {
        if (audio.hasArray()) {
            out.write(audio.array(), audio.arrayOffset() + audio.position(), audio.remaining());
        } else {
            byte[] copy = new byte[audio.remaining()];
            audio.get(copy);
            out.write(copy, 0, copy.length);
        }
    }

    @Override
    public void start() {
        StreamHandle upstream;
        try {
            upstream = call.start(context.gateway(), context.caller(), context.requestId(), this);
        } catch (RuntimeException | Error e) {
            onError(ApiErrors.from(e, context.requestId()));
            return;
        }
        boolean cancelNow;
        synchronized (this) {
            handle = upstream;
            cancelNow = cancelWanted;
        }
        if (cancelNow && upstream != null) {
            upstream.cancel();
        }
    }

    @Override
    public synchronized void onStart(String instance, String providerType) {
        this.instanceId = instance;
    }

    @Override
    public void onPiece(P piece) {
        synchronized (this) {
            if (finished) {
                return;
            }
            try {
                open();
                writer.write(piece, output);
                if (output.drain() || output.buffered() <= bufferLimit) {
                    return;
                }
                LOG.debug("Client fell more than {} bytes behind its stream; disconnected", bufferLimit);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Client went away mid-stream", e);
            }
            finished = true;
            complete();
        }
        cancelUpstream();
    }

    @Override
    public synchronized void onComplete(BigDecimal costUsd) {
        if (finished) {
            return;
        }
        finished = true;
        try {
            open();
            if (trailer != null) {
                output.write(trailer, 0, trailer.length);
            }
            if (output.drain()) {
                complete();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the end of the audio", e);
            complete();
        }
    }

    @Override
    public synchronized void onError(GatewayException error) {
        if (finished) {
            return;
        }
        finished = true;
        if (opened) {
            // the answer is committed: ending it without its last chunk tells the client it is cut
            completeCut();
            return;
        }
        try {
            output = new ClientOutput(response.getOutputStream());
            if (ErrorResponse.send(output.capture(response), error)) {
                response.setContentLength(output.buffered());
            }
            if (output.drain()) {
                complete();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
            complete();
        }
    }

    private void open() throws IOException {
        if (opened) {
            return;
        }
        opened = true;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        EndpointServlet.headers(response, instanceId, null);
        response.setHeader("X-Accel-Buffering", "no");
        output = new ClientOutput(response.getOutputStream());
    }

    @Override
    public synchronized void onWritePossible() {
        if (completed || output == null) {
            return;
        }
        try {
            if (output.drain() && finished) {
                complete();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away mid-audio", e);
            finished = true;
            complete();
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("Client went away mid-audio", failure);
        clientGone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        synchronized (this) {
            if (!finished) {
                finished = true;
                if (!opened) {
                    onErrorUnlocked(ApiErrors.deadlineExceeded());
                }
            }
            complete();
        }
        cancelUpstream();
    }

    private void onErrorUnlocked(GatewayException error) {
        try {
            output = new ClientOutput(response.getOutputStream());
            if (ErrorResponse.send(output.capture(response), error)) {
                response.setContentLength(output.buffered());
            }
            output.drain();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        clientGone();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        synchronized (this) {
            completed = true;
            if (output != null) {
                output.release();
            }
            if (finished) {
                return;
            }
            finished = true;
        }
        cancelUpstream();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    private void clientGone() {
        synchronized (this) {
            if (finished && completed) {
                return;
            }
            finished = true;
            complete();
        }
        cancelUpstream();
    }

    /**
     * Ends a committed answer short. The servlet API has no way to abort a chunked body, so the answer ends where
     * the audio stopped (a player hears it cut); the failure is counted and logged by core.
     */
    private void completeCut() {
        complete();
    }

    private void complete() {
        if (completed) {
            return;
        }
        completed = true;
        if (output != null) {
            output.release();
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container already completed the exchange
        }
    }

    private void cancelUpstream() {
        StreamHandle upstream;
        synchronized (this) {
            cancelWanted = true;
            upstream = handle;
        }
        if (upstream != null) {
            upstream.cancel();
        }
    }
}
