package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.state.SignedEntries;
import dev.switchboard.api.video.GeneratedVideo;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.Test;

/** The grid's copy of the videos: read back by the creating key only, let go when the node lets it go, bounded. */
public class GridVideosTest {

    private final Map<String, byte[]> grid = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttls = new ConcurrentHashMap<>();
    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    public void aSharedVideoIsFoundOnAnotherNodeByItsKeyOnly() {
        VideoStore made = store(100);
        VideoStore other = store(100);
        VideoStore.Entry entry = made.put("key-a", "wan", video(10, "video/webm", 4, "640x360"));

        VideoStore.Entry found = other.find(entry.id(), "key-a").toCompletableFuture().join();

        assertThat(found).isNotNull();
        assertThat(found.model()).isEqualTo("wan");
        assertThat(found.createdAt()).isEqualTo(1_000);
        assertThat(found.video().mediaType()).isEqualTo("video/webm");
        assertThat(found.video().seconds()).isEqualTo(4);
        assertThat(found.video().size()).isEqualTo("640x360");
        assertThat(bytes(VideoStore.content(found))).isEqualTo(bytes(VideoStore.content(entry)));
        assertThat(ttls.get(entry.id())).isEqualTo(Duration.ofSeconds(VideoStore.TTL_SECONDS));
        assertThat(other.find(entry.id(), "key-b").toCompletableFuture().join()).isNull();
        assertThat(other.find("video_nope", "key-a").toCompletableFuture().join()).isNull();
    }

    @Test
    public void whatTheNodeLetsGoForRoomIsLetGoInTheGridToo() {
        VideoStore made = store(25);
        VideoStore other = store(100);
        VideoStore.Entry first = made.put("key-a", "wan", video(10, null, 0, null));
        VideoStore.Entry second = made.put("key-a", "wan", video(10, null, 0, null));
        VideoStore.Entry third = made.put("key-a", "wan", video(10, null, 0, null)); // the first goes for room

        assertThat(other.find(first.id(), "key-a").toCompletableFuture().join()).isNull();
        assertThat(other.find(second.id(), "key-a").toCompletableFuture().join()).isNotNull();
        assertThat(other.find(third.id(), "key-a").toCompletableFuture().join()).isNotNull();
        assertThat(ttls.get(first.id())).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    public void aVideoTooLargeForTheNodeIsNotShared() {
        VideoStore made = store(5);
        VideoStore.Entry entry = made.put("key-a", "wan", video(10, null, 0, null));
        assertThat(grid).doesNotContainKey(entry.id());
    }

    @Test
    public void anUnreadableEntryIsAbsent() {
        assertThat(GridVideos.decode("video_x", "key-a", new byte[] {1, 2, 3})).isNull();
        assertThat(GridVideos.decode("video_x", "key-a", new byte[0])).isNull();
    }

    private VideoStore store(long maxBytes) {
        VideoStore store = new VideoStore(maxBytes, now::get);
        store.shareThrough(new GridVideos(new FakeMap()));
        return store;
    }

    private static GeneratedVideo video(int length, String mediaType, int seconds, String size) {
        byte[] content = new byte[length];
        for (int i = 0; i < length; i++) {
            content[i] = (byte) (i * 7);
        }
        return new GeneratedVideo(ByteBuffer.wrap(content), mediaType, null, seconds, size);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** The grid as one shared map: what one store writes, every store reads. */
    private final class FakeMap implements SignedEntries.EntryMap {
        @Override
        public byte[] get(String key) {
            return grid.get(key);
        }

        @Override
        public CompletionStage<byte[]> getAsync(String key) {
            return CompletableFuture.completedFuture(grid.get(key));
        }

        @Override
        public CompletionStage<Void> putAsync(String key, byte[] value, Duration ttl) {
            grid.put(key, value.clone());
            ttls.put(key, ttl);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public AutoCloseable listen(SignedEntries.EntryListener listener, boolean existing) {
            return () -> { };
        }

        @Override
        public int removeKeys(Predicate<String> test) {
            return 0;
        }

        @Override
        public long size() {
            return grid.size();
        }

        @Override
        public long forged() {
            return 0;
        }
    }
}
