package dev.switchboard.itests;

import static dev.switchboard.itests.RawHttp.CLOSED;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Hostile request bodies on {@code POST /v1/chat/completions}, from an authenticated key: too large, too
 * deep, numbers that grow or overflow, bytes that are not UTF-8, the wrong content type, a million elements,
 * compression bombs. A bad body is a 4xx in OpenAI's shape, never a 5xx; the server keeps its heap.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileBodiesIT extends HostileTestSupport {

    private static final String CHAT = "/v1/chat/completions";
    private static final String JSON_TYPE = "application/json";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_BODY = 1_048_576;

    @Test
    public void oversizedBodiesAreRefused() {
        attackClass("oversized bodies", attack -> {
            byte[] twoMb = chatBytes("mock-echo", "\"x\":\"" + "a".repeat(2 * MAX_BODY) + "\"");
            Set<Integer> refused = Set.of(413, 400, CLOSED);
            for (int i = 0; i < 3; i++) {
                attack.tally().expect("POST 2 MB with its Content-Length", post(JSON_TYPE, twoMb), true, refused);
                attack.tally().expect("POST Content-Length 10 GB, 1 KB sent", RawHttp.exchange(
                        RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(), JSON_TYPE,
                                "Content-Length: 10737418240")), new byte[1024], TIMEOUT), true, refused);
                attack.tally().expect("POST 2 MB chunked", RawHttp.exchange(
                        RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(), JSON_TYPE,
                                "Transfer-Encoding: chunked")), chunked(twoMb, 64 * 1024), TIMEOUT), true, refused);
                attack.tally().record("POST Content-Length 100, 1 MB sent", RawHttp.exchange(
                        RawHttp.head("POST", CHAT, RawHttp.headers(attackerKey(), JSON_TYPE, "Content-Length: 100")),
                        chatBytes("mock-echo", "\"x\":\"" + "a".repeat(MAX_BODY - 200) + "\""), TIMEOUT), true);
            }
        });
    }

    @Test
    public void deepNestingIsA4xx() {
        attackClass("deep nesting", attack -> {
            List<String> extras = List.of(
                    "\"x\":" + "[".repeat(100_000) + "]".repeat(100_000),
                    "\"x\":" + "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
                    "\"cache\":true,\"x\":" + "[".repeat(900) + "1" + "]".repeat(900),
                    "\"cache\":true,\"x\":" + "[".repeat(5_000) + "]".repeat(5_000),
                    "\"logit_bias\":" + "{\"1\":".repeat(20_000) + "1" + "}".repeat(20_000));
            for (String extra : extras) {
                attack.tally().record("POST " + RawHttp.abbreviate(extra, 40), post(JSON_TYPE,
                        chatBytes("mock-echo", extra)), true);
            }
            String deepContent = "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[".repeat(100_000) + "]".repeat(100_000) + "}]}";
            attack.tally().record("POST deep content parts", post(JSON_TYPE, bytes(deepContent)), true);
            String deepMessages = "{\"model\":\"mock-echo\",\"messages\":" + "[".repeat(100_000) + "]".repeat(100_000)
                    + "}";
            attack.tally().record("POST deep messages", post(JSON_TYPE, bytes(deepMessages)), true);
        });
    }

    /**
     * The out-of-memory case of issue 8: 1 MB of {@code 1e308} with {@code "cache": true}, 24 at once, twice.
     * The request fingerprint must cost a bounded amount per request, whatever the numbers.
     */
    @Test
    public void hugeCachedNumbersKeepTheHeap() {
        attackClass("1 MB of 1e308 with cache, 24 parallel x 2", attack -> {
            byte[] body = numbersBody("1e308", "\"cache\":true");
            byte[] negative = numbersBody("-1.7976931348623157E308", "\"temperature\":0");
            parallel(attack.tally(), 24, 48, Duration.ofSeconds(40), n -> attack.tally().record(
                    "POST 1 MB of huge numbers #" + n, RawHttp.post(CHAT, attackerKey(), JSON_TYPE,
                            n % 2 == 0 ? body : negative, Duration.ofSeconds(25)), true));
        });
    }

    /** Issue 8: non-finite numbers ({@code 1e400}, {@code -1e999}) are a 400, not a 500 with a stack trace. */
    @Test
    public void nonFiniteNumbersAre400() {
        attackClass("non-finite numbers", attack -> {
            List<String> extras = List.of("\"logit_bias\":{\"50256\":1e400}", "\"logit_bias\":{\"50256\":-1e999}",
                    "\"temperature\":1e400", "\"top_p\":-1e999", "\"frequency_penalty\":1e400",
                    "\"presence_penalty\":-1e999", "\"x\":[1e400]", "\"cache\":true,\"x\":{\"y\":-1e999}",
                    "\"seed\":1e400", "\"max_tokens\":1e400");
            for (String extra : extras) {
                attack.tally().expect("POST " + extra, post(JSON_TYPE, chatBytes("mock-echo", extra)), true,
                        Set.of(400));
            }
        });
    }

    @Test
    public void longNumbersAreA4xxOrServed() {
        attackClass("long numbers", attack -> {
            List<String> extras = List.of("\"x\":" + "9".repeat(100_000),
                    "\"cache\":true,\"x\":0." + "0".repeat(100_000) + "1",
                    "\"max_tokens\":" + "9".repeat(5_000), "\"seed\":" + "9".repeat(5_000),
                    "\"temperature\":0." + "0".repeat(50_000), "\"x\":1e-400", "\"x\":1e2147483648",
                    "\"cache\":true,\"x\":[" + "123456789012345678901234567890.5,".repeat(20_000) + "1]",
                    "\"logit_bias\":{\"" + "9".repeat(10_000) + "\":1}");
            for (String extra : extras) {
                attack.tally().record("POST " + RawHttp.abbreviate(extra, 40), post(JSON_TYPE,
                        chatBytes("mock-echo", extra)), true);
            }
        });
    }

    @Test
    public void invalidUtf8IsA4xx() {
        attackClass("invalid UTF-8 and odd text", attack -> {
            List<byte[]> invalid = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                    new byte[] {(byte) 0xE2, (byte) 0x82});
            for (byte[] bad : invalid) {
                attack.tally().record("POST content with bytes " + hex(bad), post(JSON_TYPE,
                        concat(bytes("{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"a"), bad,
                                bytes("b\"}]}"))), true);
                attack.tally().record("POST model with bytes " + hex(bad), post(JSON_TYPE,
                        concat(bytes("{\"model\":\"mock-"), bad,
                                bytes("\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"))), true);
                attack.tally().record("POST field name with bytes " + hex(bad), post(JSON_TYPE,
                        concat(bytes("{\"model\":\"mock-echo\",\"cache\":true,\"x"), bad,
                                bytes("\":1,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"))), true);
            }
            // escapes that decode to text no encoder likes: lone surrogates, NUL
            for (String escaped : List.of("\\ud800", "\\udc00\\ud800", "a\\u0000b", "\\uDBFF\\uDFFF")) {
                attack.tally().record("POST content " + escaped, post(JSON_TYPE, bytes(
                        "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + escaped + "\"}]}")),
                        true);
                attack.tally().record("POST streamed content " + escaped, post(JSON_TYPE, bytes(
                        "{\"model\":\"mock-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                                + escaped + "\"}]}")), true);
            }
            attack.tally().record("POST with a BOM", post(JSON_TYPE, concat(new byte[] {(byte) 0xEF, (byte) 0xBB,
                    (byte) 0xBF}, chatBytes("mock-echo", ""))), true);
            attack.tally().record("POST UTF-16LE", post(JSON_TYPE,
                    chatBody("mock-echo", "hi", "").getBytes(StandardCharsets.UTF_16LE)), true);
            attack.tally().record("POST all bytes", post(JSON_TYPE, allBytes(64 * 1024)), true);
        });
    }

    @Test
    public void wrongContentTypesAreRefusedOrRead() {
        attackClass("wrong content types", attack -> {
            Set<Integer> allowed = Set.of(200, 400, 415);
            List<String> types = List.of("text/plain", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16",
                    "application/json; charset=nonsense", "*/*", ";;;", "application/octet-stream",
                    "text/event-stream", "a".repeat(4_000));
            byte[] body = chatBytes("mock-echo", "");
            for (String type : types) {
                attack.tally().expect("POST as " + RawHttp.abbreviate(type, 40), post(type, body), true, allowed);
            }
            attack.tally().expect("POST without a content type", post(null, body), true, allowed);
            attack.tally().expect("POST a form", post("application/x-www-form-urlencoded",
                    bytes("model=mock-echo&messages=hi&" + "a=b&".repeat(50_000))), true, Set.of(400, 415));
            attack.tally().expect("POST multipart", post("multipart/form-data; boundary=x", bytes(
                    ("--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\n" + "a".repeat(100_000)
                            + "\r\n").repeat(5) + "--x--\r\n")), true, Set.of(400, 415));
        });
    }

    @Test
    public void manyElementsAreServedOrA4xx() {
        attackClass("many elements", attack -> {
            int messages = 30_000;
            StringBuilder manyMessages = new StringBuilder("{\"model\":\"mock-echo\",\"messages\":[");
            for (int i = 0; i < messages; i++) {
                manyMessages.append(i == 0 ? "" : ",").append("{\"role\":\"user\",\"content\":\"a\"}");
            }
            attack.tally().record("POST 30,000 messages", post(JSON_TYPE, bytes(manyMessages + "]}")), true);
            StringBuilder manyFields = new StringBuilder("\"cache\":true");
            for (int i = 0; i < 40_000; i++) {
                manyFields.append(",\"f").append(i).append("\":1");
            }
            attack.tally().record("POST 40,000 fields with cache", post(JSON_TYPE,
                    chatBytes("mock-echo", manyFields.toString())), true);
            attack.tally().record("POST 160,000 escaped characters", post(JSON_TYPE, bytes(
                    "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "\\u00e9".repeat(160_000)
                            + "\"}]}")), true);
            attack.tally().record("POST 20,000 stop words", post(JSON_TYPE, chatBytes("mock-echo",
                    "\"stop\":[" + "\"s\",".repeat(20_000) + "\"t\"]")), true);
            attack.tally().record("POST 20,000 logit_bias entries", post(JSON_TYPE, chatBytes("mock-echo",
                    "\"logit_bias\":{" + manyEntries(20_000) + "}")), true);
            attack.tally().record("POST n 128", post(JSON_TYPE, chatBytes("mock-echo", "\"n\":128")), true);
            attack.tally().record("POST n 2147483647", post(JSON_TYPE, chatBytes("mock-echo", "\"n\":2147483647")), true);
        });
    }

    @Test
    public void oddBodiesAreA4xx() {
        attackClass("odd bodies", attack -> {
            List<byte[]> bodies = List.of(new byte[0], bytes("null"), bytes("[]"), bytes("\"x\""), bytes("123"),
                    bytes("{}"), bytes("{\"model\":\"mock-echo\",\"model\":{\"a\":1},\"messages\":[]}"),
                    concat(chatBytes("mock-echo", ""), chatBytes("mock-echo", "")),
                    concat(bytes(" ".repeat(MAX_BODY - 100)), bytes("{}")), new byte[64 * 1024],
                    bytes("{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"unterminated"),
                    bytes("{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"" + "r".repeat(500_000) + "\"}]}"),
                    bytes("{\"model\":\"" + "m".repeat(500_000) + "\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}"),
                    bytes("{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"stream\":\"yes\"}"),
                    bytes("{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_tokens\":-1}"),
                    bytes("/* comment */ {\"model\":\"mock-echo\"}"), bytes("{'model':'mock-echo'}"));
            for (byte[] body : bodies) {
                attack.tally().record("POST " + RawHttp.abbreviate(new String(body, StandardCharsets.ISO_8859_1), 40),
                        post(JSON_TYPE, body), true);
            }
        });
    }

    @Test
    public void compressionBombsAreRefused() {
        attackClass("compressed bodies", attack -> {
            byte[] gzipBomb = compressed(true, 64 * 1024 * 1024);
            byte[] deflateBomb = compressed(false, 64 * 1024 * 1024);
            Set<Integer> refused = Set.of(400, 413, 415, CLOSED);
            for (int i = 0; i < 3; i++) {
                attack.tally().expect("POST gzip bomb", RawHttp.exchange(RawHttp.head("POST", CHAT, RawHttp.headers(
                        attackerKey(), JSON_TYPE, "Content-Encoding: gzip", "Content-Length: " + gzipBomb.length)),
                        gzipBomb, TIMEOUT), true, refused);
                attack.tally().expect("POST deflate bomb", RawHttp.exchange(RawHttp.head("POST", CHAT, RawHttp.headers(
                        attackerKey(), JSON_TYPE, "Content-Encoding: deflate",
                        "Content-Length: " + deflateBomb.length)), deflateBomb, TIMEOUT), true, refused);
                attack.tally().expect("POST claimed br", RawHttp.exchange(RawHttp.head("POST", CHAT, RawHttp.headers(
                        attackerKey(), JSON_TYPE, "Content-Encoding: br", "Content-Length: " + gzipBomb.length)),
                        gzipBomb, TIMEOUT), true, refused);
            }
        });
    }

    // ---- bodies --------------------------------------------------------------------------------------

    private static RawHttp.Answer post(String contentType, byte[] body) {
        return RawHttp.post(CHAT, attackerKey(), contentType, body, TIMEOUT);
    }

    /** A chat body just under the size limit whose field {@code x} is an array of {@code number}. */
    private static byte[] numbersBody(String number, String extra) {
        String head = "{\"model\":\"mock-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + extra
                + ",\"x\":[";
        int count = (1_000_000 - head.length()) / (number.length() + 1);
        StringBuilder body = new StringBuilder(1_000_100).append(head);
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(number);
        }
        return bytes(body.append("]}").toString());
    }

    private static String manyEntries(int count) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < count; i++) {
            entries.append(i == 0 ? "" : ",").append('"').append(i).append("\":-100");
        }
        return entries.toString();
    }

    private static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            out.writeBytes(bytes(Integer.toHexString(n) + "\r\n"));
            out.write(body, at, n);
            out.writeBytes(bytes("\r\n"));
        }
        out.writeBytes(bytes("0\r\n\r\n"));
        return out.toByteArray();
    }

    private static byte[] compressed(boolean gzip, int zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var compressor = gzip ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            byte[] block = new byte[64 * 1024];
            for (int written = 0; written < zeros; written += block.length) {
                compressor.write(block);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] allBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(String.format("%02X", b & 0xff));
        }
        return hex.toString();
    }
}
