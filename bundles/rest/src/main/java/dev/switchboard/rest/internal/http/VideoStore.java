package dev.switchboard.rest.internal.http;

import dev.switchboard.api.state.SignedEntries;
import dev.switchboard.api.video.GeneratedVideo;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The finished videos of {@code POST /v1/videos}, kept on this node so the client can fetch them the way OpenAI's
 * Videos API has it ({@code GET /v1/videos/{id}}, {@code GET /v1/videos/{id}/content}). Bounded in bytes (the oldest
 * go first) and in time; a video is visible to the key that made it only. With the grid's {@link SignedEntries}
 * service present, each video kept here is also shared through the grid ({@link GridVideos}), so any node answers
 * for it ({@link #find}); what this store lets go for room it lets go in the grid too. Without the grid, a client
 * fetches from the node it created on; a restart of every node loses them, as a job's result URL expires.
 */
@Component(service = VideoStore.class)
public final class VideoStore {

    static final long MAX_BYTES = 256L * 1024 * 1024;
    static final long TTL_SECONDS = 3600;

    /** One stored video and what the video object says about it. */
    record Entry(String id, String keyId, String model, long createdAt, GeneratedVideo video) {

        long expiresAt() {
            return createdAt + TTL_SECONDS;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final long maxBytes;
    private final LongSupplier clock;
    private long bytes;
    /** The grid's copy; {@code null} without the grid service. */
    private volatile GridVideos grid;
    private SignedEntries gridService;

    public VideoStore() {
        this(MAX_BYTES, () -> System.currentTimeMillis() / 1000);
    }

    VideoStore(long maxBytes, LongSupplier epochSeconds) {
        this.maxBytes = maxBytes;
        this.clock = epochSeconds;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindEntries")
    synchronized void bindEntries(SignedEntries service) {
        gridService = service;
        grid = GridVideos.open(service);
    }

    synchronized void unbindEntries(SignedEntries service) {
        if (gridService == service) { // a greedy replacement binds the new one first
            gridService = null;
            grid = null;
        }
    }

    /** Shares the videos through {@code videos} ({@code null}: node memory only). */
    void shareThrough(GridVideos videos) {
        grid = videos;
    }

    /**
     * Keeps {@code video} for {@code keyId}, and shares it through the grid when there is one (without waiting for
     * it); the entry (with its new id) whether or not it fit.
     */
    Entry put(String keyId, String model, GeneratedVideo video) {
        List<String> letGo = new ArrayList<>(0);
        Entry entry = keep(keyId, model, video, letGo);
        GridVideos shared = grid;
        if (shared != null) {
            for (String id : letGo) {
                shared.forget(id);
            }
            if (video.length() <= maxBytes) { // kept here, so shared (what this store lets go later goes too)
                shared.share(entry, clock.getAsLong());
            }
        }
        return entry;
    }

    private synchronized Entry keep(String keyId, String model, GeneratedVideo video, List<String> letGo) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        StringBuilder id = new StringBuilder("video_");
        for (byte b : random) {
            id.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        Entry entry = new Entry(id.toString(), keyId, model, clock.getAsLong(), video);
        long size = video.length();
        if (size > maxBytes) {
            return entry; // answered, but too large to keep: its content cannot be fetched later
        }
        expire();
        Iterator<Entry> oldest = entries.values().iterator();
        while (bytes + size > maxBytes && oldest.hasNext()) {
            Entry gone = oldest.next();
            bytes -= gone.video().length();
            oldest.remove();
            letGo.add(gone.id());
        }
        entries.put(entry.id(), entry);
        bytes += size;
        return entry;
    }

    /** The video {@code id} if {@code keyId} made it and it has not expired; {@code null} otherwise. */
    synchronized Entry get(String id, String keyId) {
        expire();
        Entry entry = entries.get(id);
        return entry == null || !entry.keyId().equals(keyId) ? null : entry;
    }

    /**
     * The video {@code id} if {@code keyId} made it: from this node at once, else from the grid (completed on the
     * grid's callback pool); {@code null} when neither has it. Never completes exceptionally.
     */
    CompletionStage<Entry> find(String id, String keyId) {
        Entry here = get(id, keyId);
        GridVideos shared = grid;
        return here != null || shared == null ? CompletableFuture.completedFuture(here) : shared.find(id, keyId);
    }

    private void expire() {
        long now = clock.getAsLong();
        Iterator<Entry> oldest = entries.values().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next();
            if (entry.expiresAt() > now) {
                return; // insertion order is creation order
            }
            bytes -= entry.video().length();
            oldest.remove();
        }
    }

    /** A read-only view of the content, positioned at its start. */
    static ByteBuffer content(Entry entry) {
        return entry.video().content() == null ? ByteBuffer.allocate(0) : entry.video().content().duplicate();
    }
}
