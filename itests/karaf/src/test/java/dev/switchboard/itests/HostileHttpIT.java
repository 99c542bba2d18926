package dev.switchboard.itests;

import static dev.switchboard.itests.RawHttp.CLOSED;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Hostile HTTP around the body: header floods, framing that lies, odd methods, encoded path tricks, and
 * the headers and detail every answer must (not) carry. What Jetty refuses while parsing (before any
 * path is known) need not be JSON, but is never a 5xx.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileHttpIT extends HostileTestSupport {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @Test
    public void headerFloodsAreRefused() {
        attackClass("header floods", attack -> {
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 3_000; i++) {
                many.append("X-Flood-").append(i).append(": v\r\n");
            }
            StringBuilder cookies = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                cookies.append("Cookie: c").append(i).append("=v\r\n");
            }
            for (int i = 0; i < 3; i++) {
                attack.tally().record("GET with 3,000 headers", raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + many + "Connection: close\r\n\r\n"), false);
                attack.tally().record("GET with a 64 KB header", raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Big: " + "a".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n"), false);
                attack.tally().record("GET with a 1 MB header", raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Big: " + "a".repeat(1024 * 1024) + "\r\nConnection: close\r\n\r\n"), false);
                attack.tally().record("GET with a 100 KB URI", raw("GET /v1/models?" + "a".repeat(100 * 1024)
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), false);
                attack.tally().record("GET with 1,000 cookies", raw("GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + cookies + "Connection: close\r\n\r\n"), false);
                attack.tally().record("POST with a 7 KB bearer key", RawHttp.exchange(RawHttp.head("POST",
                        "/v1/chat/completions", RawHttp.headers("sk-" + "k".repeat(7 * 1024), "application/json",
                                "Content-Length: 2")), "{}".getBytes(StandardCharsets.US_ASCII), TIMEOUT), true);
            }
            String flood = "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + "Connection: close\r\n\r\n";
            parallel(attack.tally(), 50, 200, Duration.ofSeconds(30),
                    n -> attack.tally().record("GET with 3,000 headers, 50 at once", raw(flood), false));
        });
    }

    @Test
    public void malformedFramingIsA4xx() {
        attackClass("malformed framing", attack -> {
            String chat = "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            String auth = "Authorization: Bearer " + attackerKey() + "\r\n";
            List<String> requests = List.of(
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Content-Length: 5\r\n"
                            + "Content-Length: 6\r\n\r\n" + chat,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Transfer-Encoding: chunked\r\n"
                            + "Content-Length: 3\r\n\r\n" + chat,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n"
                            + "zz\r\n" + chat + "\r\n0\r\n\r\n",
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Transfer-Encoding: chunked\r\n\r\n"
                            + "fffffffffffffff\r\n" + chat,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Transfer-Encoding: gzip, chunked\r\n\r\n"
                            + "0\r\n\r\n",
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Content-Length: -1\r\n\r\n" + chat,
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Content-Length: 99999999999999999999\r\n\r\n",
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Content-Length: 1e3\r\n\r\n" + chat,
                    "GET /v1/models HTTP/2.0\r\nHost: a\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Cr: a\rb\r\n\r\n",
                    "GET /v1/models HTTP/1.1\nHost: a\nX-Bare-Lf: a\n\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-\u0000Nul: a\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Folded: a\r\n b\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost : a\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                    "GET http://elsewhere.invalid/v1/models HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET v1/models HTTP/1.1\r\nHost: a\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
                    "GET /v1/models HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n",
                    "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\n" + auth + "Expect: something-else\r\n"
                            + "Content-Length: " + chat.length() + "\r\n\r\n" + chat,
                    "\r\n\r\n\r\n",
                    "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003",
                    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
            for (String request : requests) {
                attack.tally().record(RawHttp.abbreviate(request, 50), RawHttp.exchange(
                        request.getBytes(StandardCharsets.ISO_8859_1), null, TIMEOUT, true), false);
            }
            attack.tally().protocol("an HTTP/0.9 request", RawHttp.exchange("GET /v1/models\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), null, TIMEOUT, true), Set.of(400, 505, CLOSED));
            byte[] invalidHeaderBytes = concat("GET /v1/models HTTP/1.1\r\nHost: a\r\nX-Bad: ",
                    new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, "\r\nConnection: close\r\n\r\n");
            attack.tally().record("GET with invalid UTF-8 in a header", RawHttp.exchange(invalidHeaderBytes, null,
                    TIMEOUT), false);
            byte[] invalidKeyBytes = concat("GET /v1/models HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer sk-",
                    new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x7F}, "\r\nConnection: close\r\n\r\n");
            attack.tally().record("GET with invalid UTF-8 in the key", RawHttp.exchange(invalidKeyBytes, null,
                    TIMEOUT), false);
        });
    }

    @Test
    public void unusualMethodsAreOpenAiErrors() {
        attackClass("methods", attack -> {
            List<String> methods = List.of("GET", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND",
                    "MKCOL", "FOO", "get", "X".repeat(1_000));
            List<String> paths = List.of("/v1/chat/completions", "/v1/models", "/v1/models/mock-echo", "/v1/nothing",
                    "/v1", "/v1/");
            for (String method : methods) {
                for (String path : paths) {
                    attack.tally().record(method + " " + path, RawHttp.exchange(RawHttp.head(method, path,
                            RawHttp.headers(attackerKey(), "application/json", "Content-Length: 2")),
                            "{}".getBytes(StandardCharsets.US_ASCII), TIMEOUT), true);
                }
                attack.tally().record(method + " /health", RawHttp.exchange(RawHttp.head(method, "/health"), null,
                        TIMEOUT), false);
            }
            // CONNECT takes an authority, not a path: Jetty refuses it while parsing
            attack.tally().record("CONNECT 127.0.0.1:1", raw("CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: 127.0.0.1:1\r\n"
                    + "Connection: close\r\n\r\n"), false);
        });
    }

    /** Issue 8: encoded slashes and dot segments are refused with a 400, never decoded into another path. */
    @Test
    public void encodedSlashesAndDotSegmentsAre400() {
        attackClass("encoded paths", attack -> {
            List<String> mustBe400 = List.of("/v1/models/..%2f..%2fhealth", "/v1/models/..%2F..%2Fhealth",
                    "/v1/models/%2e%2e/%2e%2e/health", "/v1/models/%2E%2E%2F%2E%2E%2Fhealth",
                    "/v1/models/mock-echo%2f..%2f..%2f..%2fhealth", "/v1/chat/completions%2f..%2f..%2fmodels",
                    "/v1/models/a%2fb", "/v1/%2e%2e/health");
            for (String path : mustBe400) {
                RawHttp.Answer answer = get(path);
                attack.tally().expect("GET " + path, answer, true, Set.of(400));
                neverHealth(attack.tally(), path, answer);
            }
            List<String> neverElsewhere = List.of("/v1/models/..%5c..%5chealth", "/v1/models/%252e%252e%252fhealth",
                    "/v1/models/..;/..;/health", "/v1/models/%2e%2e;/%2e%2e;/health", "/v1/models/.%2e/.%2e/health",
                    "/v1/models/%c0%ae%c0%ae/health", "/v1/models/..%00/health", "/v1/models/%", "/v1/models/%zz",
                    "/v1//models", "/v1/models/" + "a/".repeat(2_000));
            for (String path : neverElsewhere) {
                RawHttp.Answer answer = get(path);
                attack.tally().record("GET " + path, answer, true);
                neverHealth(attack.tally(), path, answer);
            }
        });
    }

    /** Issue 8: {@code X-Content-Type-Options: nosniff} on every answer. */
    @Test
    public void everyAnswerSaysNosniff() {
        attackClass("nosniff on every answer", attack -> {
            byte[] chat = chatBytes("mock-echo", "");
            List<Object[]> requests = List.of(
                    new Object[] {"GET /health", RawHttp.exchange(RawHttp.head("GET", "/health"), null, TIMEOUT)},
                    new Object[] {"GET /v1/models", get("/v1/models")},
                    new Object[] {"POST chat", RawHttp.post("/v1/chat/completions", tenantKey(), "application/json",
                            chat, TIMEOUT)},
                    new Object[] {"POST streamed chat", RawHttp.post("/v1/chat/completions", tenantKey(),
                            "application/json", chatBytes("mock-lorem", "\"stream\":true"), TIMEOUT)},
                    new Object[] {"POST chat without a key", RawHttp.post("/v1/chat/completions", null,
                            "application/json", chat, TIMEOUT)},
                    new Object[] {"POST bad JSON", RawHttp.post("/v1/chat/completions", attackerKey(),
                            "application/json", "{".getBytes(StandardCharsets.US_ASCII), TIMEOUT)},
                    new Object[] {"POST 2 MB", RawHttp.post("/v1/chat/completions", attackerKey(), "application/json",
                            new byte[2 * 1024 * 1024], TIMEOUT)},
                    new Object[] {"GET unknown /v1 path", get("/v1/nothing")},
                    new Object[] {"DELETE /v1/models", RawHttp.exchange(RawHttp.head("DELETE", "/v1/models",
                            RawHttp.headers(attackerKey(), null)), null, TIMEOUT)},
                    new Object[] {"GET unknown model", get("/v1/models/no-such-model")},
                    new Object[] {"GET /nothing", RawHttp.exchange(RawHttp.head("GET", "/nothing"), null, TIMEOUT)});
            for (Object[] request : requests) {
                String what = (String) request[0];
                RawHttp.Answer answer = (RawHttp.Answer) request[1];
                attack.tally().record(what, answer, !what.contains("/health") && !what.contains("/nothing"));
                String nosniff = answer.header("X-Content-Type-Options");
                if (answer.answered() && (nosniff == null || !nosniff.toLowerCase(Locale.ROOT).contains("nosniff"))) {
                    attack.tally().violation(what + ": " + answer.status() + " without X-Content-Type-Options: nosniff");
                }
            }
        });
    }

    /** Issue 8: {@code /health} without a key says only live/ready; providers, instances and plugins need a key. */
    @Test
    public void healthDetailNeedsAKey() {
        attackClass("health detail", attack -> {
            RawHttp.Answer anonymous = RawHttp.exchange(RawHttp.head("GET", "/health"), null, TIMEOUT);
            attack.tally().expect("GET /health without a key", anonymous, false, Set.of(200));
            for (String detail : List.of("\"providers\"", "\"instances\"", "\"caches\"", "\"quotas\"", "\"selection\"",
                    "mock", "round-robin")) {
                if (anonymous.body().contains(detail)) {
                    attack.tally().violation("GET /health without a key tells " + detail + ": " + anonymous.body());
                }
            }
            if (!anonymous.body().contains("\"live\"")) {
                attack.tally().violation("GET /health without a key does not say live: " + anonymous.body());
            }
            RawHttp.Answer withKey = RawHttp.exchange(RawHttp.head("GET", "/health", RawHttp.headers(ADMIN_KEY, null)),
                    null, TIMEOUT);
            attack.tally().expect("GET /health with the admin key", withKey, false, Set.of(200));
            if (!withKey.body().contains("mock")) {
                attack.tally().violation("GET /health with the admin key lists no provider: " + withKey.body());
            }
            RawHttp.Answer wrongKey = RawHttp.exchange(RawHttp.head("GET", "/health",
                    RawHttp.headers("sk-sb-hostile-not-a-key", null)), null, TIMEOUT);
            attack.tally().record("GET /health with a wrong key", wrongKey, false);
            if (wrongKey.body().contains("mock")) {
                attack.tally().violation("GET /health with a wrong key tells the providers: " + wrongKey.body());
            }
        });
    }

    private static void neverHealth(AttackTally tally, String path, RawHttp.Answer answer) {
        if (answer.status() == 200 && answer.body().contains("\"live\"")) {
            tally.violation("GET " + path + " was served as /health: " + RawHttp.abbreviate(answer.body(), 120));
        }
    }

    private static RawHttp.Answer get(String path) {
        return RawHttp.exchange(RawHttp.head("GET", path, RawHttp.headers(attackerKey(), null)), null, TIMEOUT);
    }

    private static RawHttp.Answer raw(String request) {
        return RawHttp.exchange(request.getBytes(StandardCharsets.ISO_8859_1), null, TIMEOUT);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] c = tail.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }
}
