package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA keys of a JWKS URL, fetched off the request path (at start, every refresh interval, and soon after a
 * token names a key id not held, at most once a minute) and read from a volatile map by requests. A fetch that
 * fails keeps the keys held.
 */
final class Jwks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long UNKNOWN_KID_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final URI url;
    private final HttpClient client;
    private final ScheduledExecutorService refresher;
    private final AtomicLong nextUnknownKidFetch = new AtomicLong(System.nanoTime());
    private volatile Map<String, PublicKey> keys = Map.of();

    Jwks(URI url, Duration refresh) {
        this.url = url;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-jwks");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::fetch, 0, Math.max(10, refresh.toSeconds()), TimeUnit.SECONDS);
    }

    /** The key for {@code kid}, or null (and a fetch soon, if none was made lately). */
    PublicKey key(String kid) {
        Map<String, PublicKey> held = keys;
        PublicKey key = held.get(kid);
        if (key == null && held.size() == 1 && kid.isEmpty()) {
            return held.values().iterator().next(); // a JWKS of one key, a token without kid
        }
        if (key == null) {
            long next = nextUnknownKidFetch.get();
            if (System.nanoTime() - next >= 0 && nextUnknownKidFetch.compareAndSet(next, System.nanoTime()
                    + UNKNOWN_KID_PAUSE_NANOS)) {
                refresher.execute(this::fetch);
            }
        }
        return key;
    }

    void fetch() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("JWKS {} answered {}; keeping the {} key(s) held", url, response.statusCode(), keys.size());
                return;
            }
            Map<String, PublicKey> parsed = parse(response.body());
            keys = parsed;
            LOG.debug("JWKS {}: {} RSA key(s)", url, parsed.size());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot fetch the JWKS {}: {}; keeping the {} key(s) held", url, e.toString(), keys.size());
        }
    }

    /** The RSA signing keys of a JWKS document, by kid ({@code ""} for a key without one). */
    static Map<String, PublicKey> parse(String document) throws Exception {
        Map<String, PublicKey> parsed = new HashMap<>();
        JsonNode keys = JSON.readTree(document).path("keys");
        Base64.Decoder b64 = Base64.getUrlDecoder();
        for (JsonNode key : keys) {
            if (!"RSA".equals(key.path("kty").asText()) || (key.has("use") && !"sig".equals(key.path("use").asText()))
                    || (key.has("alg") && !"RS256".equals(key.path("alg").asText()))) {
                continue;
            }
            BigInteger n = new BigInteger(1, b64.decode(key.path("n").asText()));
            BigInteger e = new BigInteger(1, b64.decode(key.path("e").asText()));
            if (n.bitLength() < 2048) {
                continue; // too weak to trust
            }
            parsed.put(key.path("kid").asText(""), KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(n, e)));
        }
        return Map.copyOf(parsed);
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
