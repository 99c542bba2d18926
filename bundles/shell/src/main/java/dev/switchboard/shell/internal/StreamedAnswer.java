package dev.switchboard.shell.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import java.io.PrintStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hands a streamed answer from core's network threads to the command's thread: the console stream of a
 * Karaf session belongs to the thread running the command, so only that thread may print.
 */
final class StreamedAnswer implements StreamListener {

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private volatile String instanceId;

    @Override
    public void onStart(String instanceId, String providerType) {
        this.instanceId = instanceId;
    }

    @Override
    public void onChunk(ChatChunk chunk) {
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            events.add(chunk.content());
        }
    }

    @Override
    public void onComplete(StreamSummary summary) {
        events.add(summary);
    }

    @Override
    public void onError(GatewayException error) {
        events.add(error);
    }

    /** Prints text as it arrives, then the summary line; rethrows the stream's error if it failed. */
    void printTo(PrintStream out) throws InterruptedException {
        while (true) {
            Object event = events.take();
            if (event instanceof String text) {
                out.print(text);
                out.flush();
            } else if (event instanceof StreamSummary summary) {
                out.println();
                out.println();
                out.println(Figures.servedBy(summary.usage(), summary.costUsd(), summary.latencyNanos(), instanceId,
                        false));
                return;
            } else if (event instanceof GatewayException error) {
                out.println();
                throw error;
            }
        }
    }
}
