package dev.switchboard.core.internal.testing;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a stream delivered, in order. */
public class RecordingListener implements StreamListener {

    public final List<String> events = new CopyOnWriteArrayList<>();
    public final List<ChatChunk> chunks = new CopyOnWriteArrayList<>();
    public volatile StreamSummary summary;
    public volatile GatewayException error;
    public volatile String instanceId;

    @Override
    public void onStart(String instanceId, String providerType) {
        this.instanceId = instanceId;
        events.add("start");
    }

    @Override
    public void onChunk(ChatChunk chunk) {
        chunks.add(chunk);
        events.add("chunk");
    }

    @Override
    public void onComplete(StreamSummary summary) {
        this.summary = summary;
        events.add("complete");
    }

    @Override
    public void onError(GatewayException error) {
        this.error = error;
        events.add("error");
    }

    public String content() {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> {
            if (c.content() != null) {
                text.append(c.content());
            }
        });
        return text.toString();
    }
}
