package dev.switchboard.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Guessing keys: a flood of wrong keys from one address (127.0.0.2) is rate limited (429), every answer is an
 * OpenAI error, no presented or real secret reaches a log file, and clients at other addresses (the victim
 * tenant's checks come from 127.0.0.1) keep working. The limited address itself is refused whatever key it
 * presents until its window ends: otherwise a 200 for the right key would keep the guessing going at full
 * speed. In a class of its own, so the limit it trips cannot touch the other attacks.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileAuthIT extends HostileTestSupport {

    private static final int WRONG_KEYS = 2_000;
    private static final Duration BUDGET = Duration.ofSeconds(25);
    private static final InetAddress ATTACKER_ADDRESS = loopbackAlias();

    /** Issue 8: 10,000 wrong keys took 2.8 s and left no trace; failed authentications are limited per address. */
    @Test
    public void failedAuthenticationsAreRateLimited() {
        String wrongPrefix = "sk-sb-hostile-wrong-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        attackClass("2,000 wrong keys from one address", attack -> {
            byte[] body = chatBytes("mock-echo", "");
            long deadline = System.nanoTime() + BUDGET.toNanos();
            int limited = 0;
            for (int i = 0; i < WRONG_KEYS && System.nanoTime() < deadline; i++) {
                RawHttp.Answer answer = RawHttp.exchange(RawHttp.head("POST", "/v1/chat/completions",
                        RawHttp.headers(wrongPrefix + i, "application/json", "Content-Length: " + body.length)),
                        body, Duration.ofSeconds(10), false, ATTACKER_ADDRESS);
                attack.tally().expect("POST with a wrong key", answer, true, Set.of(401, 429));
                if (answer.status() == 429) {
                    limited++;
                }
            }
            if (limited == 0) {
                attack.tally().violation(attack.tally().sent() + " wrong keys from one address were never answered 429");
            }
            List<String> oddCredentials = List.of("Authorization: Bearer ", "Authorization: Bearer",
                    "Authorization: Basic dXNlcjpwYXNz", "Authorization: bearer " + wrongPrefix + "lower",
                    "Authorization: Bearer " + wrongPrefix + "x".repeat(4_000), "Authorization: Bearer a b c",
                    "Authorization: Bearer " + ADMIN_KEY + " ", "Authorization: Bearer \t" + wrongPrefix + "tab",
                    "Authorization: Bearer " + wrongPrefix + "1\r\nAuthorization: Bearer " + wrongPrefix + "2",
                    "X-Api-Key: " + wrongPrefix + "header");
            for (String credentials : oddCredentials) {
                attack.tally().expect("POST with " + RawHttp.abbreviate(credentials, 40),
                        RawHttp.exchange(RawHttp.head("POST", "/v1/chat/completions", "Content-Type: application/json",
                                credentials, "Content-Length: " + body.length), body, Duration.ofSeconds(10), false,
                                ATTACKER_ADDRESS),
                        true, Set.of(200, 401, 429));
            }
            for (String secret : List.of(wrongPrefix, ADMIN_KEY, attackerKey(), tenantKey())) {
                String where = logFileContaining(secret);
                if (where != null) {
                    attack.tally().violation("a " + (secret.equals(wrongPrefix) ? "presented wrong key" : "real key")
                            + " is written to " + where);
                }
            }
        });
    }

    private static InetAddress loopbackAlias() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first file under the Karaf log folder that contains {@code secret}, or null. */
    private static String logFileContaining(String secret) {
        Path logs = Paths.get(System.getProperty("karaf.data"), "log");
        if (!Files.isDirectory(logs)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(logs, 3)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(file) < 64L * 1024 * 1024
                        && new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret)) {
                    return file.toString();
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
