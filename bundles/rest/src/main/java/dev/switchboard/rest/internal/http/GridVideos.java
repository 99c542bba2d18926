package dev.switchboard.rest.internal.http;

import dev.switchboard.api.state.SignedEntries;
import dev.switchboard.api.video.GeneratedVideo;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grid's copy of the finished videos, so any node answers {@code GET /v1/videos/{id}[/content]}, not only the one
 * that made the video: one signed entry per video in the {@link SignedEntries} map {@value #MAP} (TTL 1 h, no near
 * cache: videos are large and read about once). An entry holds the video object's fields, the content and a SHA-256
 * of the creating key's id, which a read must match (another key's video reads as absent, as on the node itself).
 * Bounded per entry ({@link #MAX_ENTRY_BYTES}: a larger video stays on its node only) and in total: a node writes only
 * what its own {@link VideoStore} holds and overwrites (with a short-lived empty entry) what that store lets go for
 * room, so the grid holds at most each node's store bound, plus the grid's one backup. The map's per-node entry
 * count is set high on purpose: the grid applies it per partition, and a small count would evict videos that merely
 * share a partition. Never blocks: writes and reads are the grid's async calls, completed on the grid's callback
 * pool, never its partition threads.
 */
final class GridVideos {

    /** The shared map's name; {@code .v1} is the entry form, so a changed form gets a map of its own. */
    static final String MAP = "videos.v1";
    static final int MAX_ENTRY_BYTES = 32 * 1024 * 1024;
    private static final int MAX_ENTRIES_PER_NODE = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FORGOTTEN_TTL = Duration.ofSeconds(1);
    private static final byte FORM = 1;
    private static final byte[] FORGOTTEN = {0};

    private static final Logger LOG = LoggerFactory.getLogger(GridVideos.class);

    private final SignedEntries.EntryMap entries;

    GridVideos(SignedEntries.EntryMap entries) {
        this.entries = entries;
    }

    /** Opens the map on the grid's service. */
    static GridVideos open(SignedEntries service) {
        return new GridVideos(service.open(MAP, new SignedEntries.EntryMapSpec(
                Duration.ofSeconds(VideoStore.TTL_SECONDS), MAX_ENTRIES_PER_NODE, false, READ_TIMEOUT)));
    }

    /** Shares {@code entry} for the rest of its hour, without waiting; false when it is too large to share. */
    boolean share(VideoStore.Entry entry, long nowEpochSeconds) {
        if (entry.video().length() + 4096L > MAX_ENTRY_BYTES) {
            return false;
        }
        long left = entry.expiresAt() - nowEpochSeconds;
        if (left <= 0) {
            return false;
        }
        try {
            entries.putAsync(entry.id(), encode(entry), Duration.ofSeconds(left));
            return true;
        } catch (IOException | RuntimeException e) {
            // not sharing is safe: the node that made it still answers
            LOG.debug("Video not shared through the grid", e);
            return false;
        }
    }

    /** Lets a shared video go (its node let it go for room): an empty entry that expires at once. */
    void forget(String id) {
        try {
            entries.putAsync(id, FORGOTTEN, FORGOTTEN_TTL);
        } catch (RuntimeException e) {
            LOG.debug("Shared video not let go; it expires with its hour", e);
        }
    }

    /**
     * The video {@code id} if {@code keyId} made it and it is still in the grid; {@code null} otherwise (never
     * exceptionally).
     */
    CompletionStage<VideoStore.Entry> find(String id, String keyId) {
        CompletionStage<byte[]> read;
        try {
            read = entries.getAsync(id);
        } catch (RuntimeException e) {
            LOG.debug("Grid video read failed; absent", e);
            return CompletableFuture.completedFuture(null);
        }
        return read.handle((bytes, failure) -> failure != null || bytes == null ? null : decode(id, keyId, bytes));
    }

    static byte[] encode(VideoStore.Entry entry) throws IOException {
        GeneratedVideo video = entry.video();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(video.length() + 512);
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeByte(FORM);
        out.write(keyDigest(entry.keyId()));
        writeText(out, entry.model());
        out.writeLong(entry.createdAt());
        writeText(out, video.mediaType());
        writeText(out, video.url());
        out.writeInt(video.seconds());
        writeText(out, video.size());
        ByteBuffer content = VideoStore.content(entry);
        out.writeInt(content.remaining());
        byte[] chunk = new byte[Math.min(65_536, Math.max(1, content.remaining()))];
        while (content.hasRemaining()) {
            int n = Math.min(chunk.length, content.remaining());
            content.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
        out.flush();
        return buffer.toByteArray();
    }

    /** The entry, if it is in this form and {@code keyId} made it; {@code null} otherwise. */
    static VideoStore.Entry decode(String id, String keyId, byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            if (bytes.length < 1 + 32 || in.readByte() != FORM) {
                return null; // a forgotten one, or another form
            }
            byte[] digest = new byte[32];
            in.readFully(digest);
            if (!MessageDigest.isEqual(digest, keyDigest(keyId))) {
                return null;
            }
            String model = readText(in);
            long createdAt = in.readLong();
            String mediaType = readText(in);
            String url = readText(in);
            int seconds = in.readInt();
            String size = readText(in);
            int length = in.readInt();
            if (length < 0 || length > bytes.length) {
                return null;
            }
            // the content is a view of the entry's bytes: no second copy of a large video
            int offset = bytes.length - in.available();
            ByteBuffer content = length == 0 ? null : ByteBuffer.wrap(bytes, offset, length).slice();
            return new VideoStore.Entry(id, keyId, model, createdAt,
                    new GeneratedVideo(content, mediaType, url, seconds, size));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Shared video unreadable; absent", e);
            return null;
        }
    }

    private static byte[] keyDigest(String keyId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(String.valueOf(keyId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new IOException("text longer than the entry");
        }
        byte[] utf8 = new byte[length];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
