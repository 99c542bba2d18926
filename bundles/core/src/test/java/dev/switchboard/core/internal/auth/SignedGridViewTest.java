package dev.switchboard.core.internal.auth;

import static dev.switchboard.testkit.LoopbackGrid.config;
import static dev.switchboard.testkit.LoopbackGrid.freePort;
import static dev.switchboard.testkit.LoopbackGrid.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.grid.ClusterSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The signed grid view that routes and limits share: what the cluster signed reaches every view's book and store;
 * a forged record, a tampered one, a valid one moved to another id and a bare removal never do, since these
 * definitions grant access and money.
 */
public class SignedGridViewTest {

    private static final ClusterSecret SECRET =
            ClusterSecret.of("switchboard-test-cluster-secret".getBytes(StandardCharsets.UTF_8));
    private static final ClusterSecret OTHER_SECRET =
            ClusterSecret.of("some-other-cluster-secret-value".getBytes(StandardCharsets.UTF_8));
    private static final String MAP = "switchboard.test-signed";
    private static final String PURPOSE = "switchboard.test/record";

    /** A definition named by a string, holding a string: {@code {"id":..,"updated_at":..,"node":..,"grant":..}}. */
    private static final SignedGridView.Codec<String, String> CODEC = new SignedGridView.Codec<>() {
        @Override
        public String id(String key) {
            return key;
        }

        @Override
        public String name(String key) {
            return key;
        }

        @Override
        public void writeKey(String key, Map<String, Object> fields) {
            fields.put("id", key);
        }

        @Override
        public String readKey(Map<?, ?> fields) {
            return (String) fields.get("id");
        }

        @Override
        public void writeValue(String value, Map<String, Object> fields) {
            fields.put("grant", value);
        }

        @Override
        public String readValue(String key, Map<?, ?> fields) {
            return (String) fields.get("grant");
        }
    };

    private HazelcastInstance member;

    @Before
    public void start() throws IOException {
        member = Hazelcast.newHazelcastInstance(config("switchboard-test-" + UUID.randomUUID(), freePort(), 0));
    }

    @After
    public void shutDown() {
        member.shutdown();
    }

    /** What a view's book and store were last told; store copies of others' changes wait in {@code queued}. */
    private static final class Node {
        final Map<String, String> book = new ConcurrentHashMap<>();
        final MemoryStore store = new MemoryStore();
        final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();

        SignedGridView<String, String> view(HazelcastInstance member, ClusterSecret secret) {
            return view(member, secret, Runnable::run);
        }

        SignedGridView<String, String> queuingView(HazelcastInstance member, ClusterSecret secret) {
            return view(member, secret, queued::add);
        }

        void runQueued() {
            for (Runnable task; (task = queued.poll()) != null; ) {
                task.run();
            }
        }

        SignedGridView<String, String> view(HazelcastInstance member, ClusterSecret secret, Executor storeWriter) {
            return new SignedGridView<>(member, MAP, "grant", new SignedRecords(secret, PURPOSE), CODEC,
                    (key, value) -> {
                        if (value == null) {
                            book.remove(key);
                        } else {
                            book.put(key, value);
                        }
                    }, () -> store, storeWriter, System::currentTimeMillis);
        }
    }

    @Test(timeout = 60_000)
    public void aForgedRecordNeverReachesTheBookNorTheStore() {
        Node node = new Node();
        try (SignedGridView<String, String> view = node.view(member, SECRET)) {
            String forged = new SignedRecords(OTHER_SECRET, PURPOSE).sign("evil",
                    "{\"id\":\"evil\",\"updated_at\":1,\"node\":\"x\",\"grant\":\"everything\"}");
            view.receive("evil", forged, true);
            view.receive("plain", "{\"id\":\"plain\",\"updated_at\":1,\"node\":\"x\",\"grant\":\"everything\"}", true);

            assertThat(node.book).isEmpty();
            assertThat(node.store.rows).isEmpty();
        }
    }

    @Test(timeout = 60_000)
    public void aTamperedOrMovedRecordIsIgnoredAndTheSignedOneKept() {
        Node node = new Node();
        try (SignedGridView<String, String> view = node.view(member, SECRET)) {
            view.set("acme", "100");
            String good = member.<String, String>getMap(MAP).get("acme");

            view.receive("acme", good.replace("\"100\"", "\"1000000\""), true);
            view.receive("other", good, true);
            view.receive("other", good.replace("acme", "other"), true);

            assertThat(node.book).containsExactly(Map.entry("acme", "100"));
            assertThat(node.store.rows).containsOnlyKeys("acme");
        }
    }

    @Test(timeout = 60_000)
    public void aSignedChangeAndRemovalReachTheOtherViewAndABareRemovalDoesNot() throws InterruptedException {
        Node writer = new Node();
        Node reader = new Node();
        try (SignedGridView<String, String> written = writer.view(member, SECRET);
             SignedGridView<String, String> read = reader.view(member, SECRET)) {
            written.set("acme", "100");
            assertThat(waitFor(() -> "100".equals(reader.book.get("acme")), 5_000)).as("set seen").isTrue();

            member.<String, String>getMap(MAP).remove("acme");
            written.set("marker", "1");
            assertThat(waitFor(() -> reader.book.containsKey("marker"), 5_000)).isTrue();
            assertThat(reader.book).as("a bare removal is not a signed one").containsEntry("acme", "100");

            written.set("acme", "100");
            written.remove("acme");
            assertThat(waitFor(() -> !reader.book.containsKey("acme"), 5_000)).as("removal seen").isTrue();
            assertThat(writer.book).doesNotContainKey("acme");
            assertThat(writer.store.rows).doesNotContainKey("acme");
        }
    }

    @Test(timeout = 60_000)
    public void anotherNodesChangeCopiedLateNeverBringsBackWhatThisNodeRemovedSince() throws Exception {
        member.shutdown();
        String cluster = "switchboard-test-" + UUID.randomUUID();
        int portA = freePort();
        int portB = freePort();
        member = Hazelcast.newHazelcastInstance(config(cluster, portA, portB));
        HazelcastInstance other = Hazelcast.newHazelcastInstance(config(cluster, portB, portA));
        Node writer = new Node();
        Node reader = new Node();
        try (SignedGridView<String, String> written = writer.view(member, SECRET);
             SignedGridView<String, String> read = reader.queuingView(other, SECRET)) {
            assertThat(waitFor(() -> other.getCluster().getMembers().size() == 2, 30_000)).isTrue();
            written.set("local", "2");
            assertThat(waitFor(() -> "2".equals(reader.book.get("local")), 5_000)).isTrue();
            assertThat(reader.queued).as("the store copy waits on the store writer").isNotEmpty();

            read.remove("local");
            reader.runQueued();

            assertThat(reader.store.rows).as("the removal is newer than the queued copy").doesNotContainKey("local");
            assertThat(reader.book).doesNotContainKey("local");
            assertThat(waitFor(() -> !writer.book.containsKey("local"), 5_000)).isTrue();
        } finally {
            other.shutdown();
        }
    }

    @Test(timeout = 60_000)
    public void aChangeFollowingOneFromAClockAheadStillWins() {
        Node node = new Node();
        try (SignedGridView<String, String> view = node.view(member, SECRET)) {
            long ahead = System.currentTimeMillis() + 3_600_000;
            String fromTheFuture = new SignedRecords(SECRET, PURPOSE).sign("acme",
                    "{\"id\":\"acme\",\"updated_at\":" + ahead + ",\"node\":\"x\",\"grant\":\"100\"}");
            view.receive("acme", fromTheFuture, true);
            assertThat(node.book).containsEntry("acme", "100");

            view.set("acme", "5");

            assertThat(node.book).containsEntry("acme", "5");
            assertThat(node.store.rows.get("acme")).contains("\"grant\":\"5\"");
            view.receive("acme", fromTheFuture, true);
            assertThat(node.book).as("the older change, seen again, stays older").containsEntry("acme", "5");
        }
    }

    @Test(timeout = 60_000)
    public void anEmptyGridIsSeededFromTheStoreButNotWithARecordSignedUnderAnotherSecret() {
        Node node = new Node();
        String signed = new SignedRecords(SECRET, PURPOSE).sign("acme",
                "{\"id\":\"acme\",\"updated_at\":1,\"node\":\"x\",\"grant\":\"100\"}");
        String foreign = new SignedRecords(OTHER_SECRET, PURPOSE).sign("evil",
                "{\"id\":\"evil\",\"updated_at\":1,\"node\":\"x\",\"grant\":\"everything\"}");
        node.store.rows.put("acme", signed);
        node.store.rows.put("evil", foreign);
        try (SignedGridView<String, String> view = node.view(member, SECRET)) {
            assertThat(node.book).containsExactly(Map.entry("acme", "100"));
            assertThat(member.<String, String>getMap(MAP).keySet()).containsExactly("acme");
        }
    }

    static final class MemoryStore implements SignedGridView.Store {
        final Map<String, String> rows = new ConcurrentHashMap<>();

        @Override
        public Map<String, String> all() {
            return Map.copyOf(rows);
        }

        @Override
        public void put(String id, String signedRecord, long updatedEpochMillis) {
            rows.put(id, signedRecord);
        }

        @Override
        public void remove(String id) {
            rows.remove(id);
        }
    }
}
