package dev.switchboard.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Clients that are slow on purpose: trickled headers and bodies (slowloris), streams nobody reads, and one
 * key opening more streams than a provider has connections. None may pin a server thread per client, and
 * another tenant's chat must keep working while they are connected.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SlowClientsIT extends HostileTestSupport {

    private static final String CHAT = "/v1/chat/completions";
    /** When the attack is at full strength: every slow client connected and stuck. */
    private static final Duration SETTLE = Duration.ofSeconds(6);
    /** How long trickles go on at most: the server must have ended every trickled body by then. */
    private static final Duration TRICKLE_HORIZON = Duration.ofSeconds(40);

    @Inject
    private ConfigurationAdmin configAdmin;

    /**
     * Issue 8: 50 authenticated clients trickling their bodies pinned 50 server threads. A body is read
     * without holding a thread, and a body that arrives too slowly is ended (408, another 4xx, or a close)
     * within {@link #TRICKLE_HORIZON}. 25 more trickle their headers.
     */
    @Test
    public void slowlorisHoldsNoThreads() {
        attackClass("slowloris: 50 trickled bodies + 25 trickled headers", attack -> {
            List<Trickle> bodies = new ArrayList<>();
            List<Trickle> heads = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    bodies.add(Trickle.open(RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(),
                            "application/json", "Content-Length: 4096")), "{".getBytes(StandardCharsets.US_ASCII)));
                }
                for (int i = 0; i < 25; i++) {
                    heads.add(Trickle.open(("POST " + CHAT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ")
                            .getBytes(StandardCharsets.US_ASCII), new byte[0]));
                }
                attack.tally().sent(bodies.size() + heads.size());
                long started = System.nanoTime();
                long deadline = started + TRICKLE_HORIZON.toNanos();
                boolean checkedDuring = false;
                while (System.nanoTime() < deadline && bodies.stream().anyMatch(Trickle::open)) {
                    for (Trickle trickle : bodies) {
                        trickle.step((byte) ' ');
                    }
                    for (Trickle trickle : heads) {
                        trickle.step((byte) 'a');
                    }
                    if (!checkedDuring && System.nanoTime() - started > SETTLE.toNanos()) {
                        checkedDuring = true;
                        attack.worstMoment();
                        String problem = normalChatProblem("during the slowloris");
                        if (problem != null) {
                            attack.tally().violation(problem);
                        }
                    }
                    ServerVitals.sleep(1_000);
                }
                long stillOpen = bodies.stream().filter(Trickle::open).count();
                if (stillOpen > 0) {
                    attack.tally().violation(stillOpen + " of " + bodies.size() + " trickled bodies were still being read after "
                            + TRICKLE_HORIZON.toSeconds() + " s (no minimum data rate / body read timeout)");
                }
                bodies.forEach(trickle -> attack.tally().status(trickle.status()));
                heads.forEach(trickle -> attack.tally().status(trickle.status()));
            } finally {
                bodies.forEach(Trickle::close);
                heads.forEach(Trickle::close);
            }
        });
    }

    /**
     * Issue 8: a streaming client that reads nothing pinned a thread in {@code HttpOutput.flush}. Each
     * stream has a bounded buffer; a client that falls further behind is disconnected, so no thread waits and
     * the stream is cut rather than delivered in full once the client finally reads.
     */
    @Test
    public void slowReadersAreDisconnected() {
        attackClass("slow readers: 40 streams nobody reads", attack -> {
            List<Socket> readers = new ArrayList<>();
            byte[] body = chatBytes("mock-lorem", "\"stream\":true,\"max_tokens\":120000");
            try {
                for (int i = 0; i < 40; i++) {
                    Socket socket = new Socket();
                    socket.setReceiveBufferSize(4096);
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort()), 5_000);
                    readers.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(), "application/json",
                            "Content-Length: " + body.length)));
                    out.write(body);
                    out.flush();
                }
                attack.tally().sent(readers.size());
                ServerVitals.sleep(SETTLE.toMillis());
                attack.settleThenSample(Duration.ofSeconds(30));
                String problem = normalChatProblem("while 40 clients read nothing");
                if (problem != null) {
                    attack.tally().violation(problem);
                }
                // now read: a stream that was cut ends early; one the server kept (and a thread with it) ends in [DONE]
                long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
                int complete = 0;
                for (Socket socket : readers) {
                    RawHttp.Answer answer = RawHttp.read(socket, Math.min(deadline, System.nanoTime()
                            + Duration.ofSeconds(5).toNanos()));
                    attack.tally().status(answer.status());
                    if (answer.status() == 200 && answer.body().contains("data: [DONE]")) {
                        complete++;
                    }
                }
                if (complete > 0) {
                    attack.tally().violation(complete + " of " + readers.size()
                            + " streams nobody read for " + SETTLE.toSeconds() + " s were held and then delivered in full"
                            + " (slow readers must be disconnected once their buffer is full)");
                }
            } catch (IOException e) {
                attack.tally().violation("could not open the slow readers: " + e);
            } finally {
                readers.forEach(SlowClientsIT::closeQuietly);
            }
        });
    }

    /**
     * Issue 8: 70 streams from one key took the provider's whole connection pool, and another tenant's
     * requests to the same provider failed. A per-key cap answers the excess 429; the other tenant is served.
     */
    @Test
    public void oneKeyCannotTakeAProvidersConnections() throws Exception {
        try (StubUpstream stub = StubUpstream.start(Duration.ofSeconds(30))) {
            Configuration instance = configAdmin.createFactoryConfiguration("dev.switchboard.instance", "?");
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("id", "hostile-upstream");
            properties.put("type", "openai");
            properties.put("base.url", stub.baseUrl());
            properties.put("api.key", "sk-stub-not-a-secret");
            properties.put("models", "hostile-slow=0/0/32000");
            instance.update(properties);
            try {
                waitFor("model hostile-slow listed", Duration.ofSeconds(30), () -> modelIds().contains("hostile-slow"));
                attackClass("70 streams from one key, then another tenant", attack -> manyStreams(attack, stub));
            } finally {
                instance.delete();
            }
        }
    }

    private void manyStreams(Attack attack, StubUpstream stub) {
        List<Socket> streams = new ArrayList<>();
        byte[] body = chatBytes("hostile-slow", "\"stream\":true");
        try {
            for (int i = 0; i < 70; i++) {
                Socket socket = RawHttp.connect(Duration.ofSeconds(5));
                streams.add(socket);
                socket.getOutputStream().write(RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(),
                        "application/json", "Content-Length: " + body.length)));
                socket.getOutputStream().write(body);
                socket.getOutputStream().flush();
            }
            attack.tally().sent(streams.size());
            // until the upstream holds its fill (or every stream has an answer), at most SETTLE
            long settle = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settle && stub.openStreams() < 64) {
                ServerVitals.sleep(200);
            }
            attack.worstMoment();
            String message = "other tenant " + System.nanoTime();
            HttpResponse<String> other = null;
            String failure = null;
            try {
                other = send(request(CHAT, tenantKey()).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(chatBody("hostile-slow", message, ""))).build());
            } catch (RuntimeException e) {
                failure = e.toString();
            }
            attack.tally().sent(1);
            if (other == null || other.statusCode() != 200 || !other.body().contains(StubUpstream.ANSWER)) {
                attack.tally().violation("another tenant's chat to the same provider, while one key held "
                        + stub.openStreams() + " upstream streams, got "
                        + (other == null ? "no answer in 10 s: " + failure
                                : other.statusCode() + " " + RawHttp.abbreviate(other.body(), 200)));
            } else {
                attack.tally().status(200);
            }
            for (Socket socket : streams) {
                RawHttp.Answer head = readHead(socket);
                attack.tally().status(head.status());
                if (!Set.of(200, 429, RawHttp.TIMED_OUT).contains(head.status())) {
                    attack.tally().violation("a stream of the key holding many got " + head.describe());
                } else if (head.status() == 429) {
                    String problem = AttackTally.openAiErrorProblem(head);
                    if (problem != null) {
                        attack.tally().violation("a 429 for too many streams: " + problem);
                    }
                }
            }
        } catch (IOException e) {
            attack.tally().violation("could not open the streams: " + e);
        } finally {
            streams.forEach(SlowClientsIT::closeQuietly);
        }
    }

    /** The status and whatever of the answer arrived within a short wait; {@code TIMED_OUT} when none did. */
    private static RawHttp.Answer readHead(Socket socket) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            socket.setSoTimeout(300);
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
                String text = received.toString(StandardCharsets.ISO_8859_1);
                if (text.contains("\r\n\r\n") && !text.startsWith("HTTP/1.1 429") || received.size() > 64 * 1024) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what arrived is all there is for now
        } catch (IOException e) {
            // reset: parse what arrived
        }
        byte[] bytes = received.toByteArray();
        RawHttp.Answer answer = RawHttp.parse(bytes, bytes.length == 0);
        return bytes.length == 0 ? new RawHttp.Answer(RawHttp.TIMED_OUT, answer.headers(), "") : answer;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * One trickling client: it sent a head (and the start of a body) and adds one byte per step, until the
     * server answers or closes the connection.
     */
    private static final class Trickle {

        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private boolean closed;

        private Trickle(Socket socket) {
            this.socket = socket;
        }

        static Trickle open(byte[] head, byte[] start) {
            try {
                Socket socket = RawHttp.connect(Duration.ofSeconds(5));
                socket.getOutputStream().write(head);
                socket.getOutputStream().write(start);
                socket.getOutputStream().flush();
                return new Trickle(socket);
            } catch (IOException e) {
                throw new AssertionError("could not connect a trickling client", e);
            }
        }

        /** Sends one more byte, unless the server answered or closed; notes what came back. */
        void step(byte next) {
            if (closed) {
                return;
            }
            try {
                socket.setSoTimeout(1);
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        closed = true;
                        return;
                    }
                    received.write(buffer, 0, n);
                    return;
                } catch (SocketTimeoutException nothingYet) {
                    // still waiting for us: one more byte
                }
                socket.getOutputStream().write(next);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                closed = true;
            }
        }

        /** Still sending: neither answered nor closed. */
        boolean open() {
            return !closed && received.size() == 0;
        }

        int status() {
            if (received.size() > 0) {
                RawHttp.Answer answer = RawHttp.parse(received.toByteArray(), false);
                return answer.status() == RawHttp.CLOSED ? RawHttp.CLOSED : answer.status();
            }
            return closed ? RawHttp.CLOSED : RawHttp.TIMED_OUT;
        }

        void close() {
            closeQuietly(socket);
        }
    }
}
