package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.Test;

/** Bearer JWTs: the algorithm pinned by configuration, the time claims, issuer, audience and the claim mapping. */
public class JwtVerifierTest {

    private static final byte[] SECRET = "a-shared-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static JwtVerifier.Settings settings(boolean hs, boolean rs) {
        return new JwtVerifier.Settings(hs ? SECRET : new byte[0], rs, "https://idp.example", "switchboard", "tenant",
                "role", "sub", 60);
    }

    private static JwtVerifier hs256() {
        return new JwtVerifier(settings(true, false), kid -> null, Set.of("acme")::contains, () -> NOW);
    }

    private static String claims(String extra) {
        return "{\"iss\":\"https://idp.example\",\"aud\":[\"other\",\"switchboard\"],\"sub\":\"ann\",\"tenant\":\"acme\","
                + "\"exp\":" + (NOW / 1000 + 300) + extra + "}";
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String hs256Token(String header, String claims, byte[] key) throws Exception {
        String signingInput = b64(header) + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static String rs256Token(String kid, String claims, KeyPair pair) throws Exception {
        String signingInput = b64("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}") + "." + b64(claims);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(pair.getPrivate());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(rsa.sign());
    }

    @Test
    public void aValidHs256TokenMapsItsClaimsToACaller() throws Exception {
        Optional<Caller> caller = hs256().verify(hs256Token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                claims(",\"role\":\"tenant-admin\""), SECRET));
        assertThat(caller).hasValueSatisfying(c -> {
            assertThat(c.tenant()).isEqualTo("acme");
            assertThat(c.user()).isEqualTo("ann");
            assertThat(c.role()).isEqualTo(Role.TENANT_ADMIN);
            assertThat(c.keyId()).isEqualTo("jwt:acme/ann");
        });
        assertThat(hs256().verify(hs256Token("{\"alg\":\"HS256\"}", claims(""), SECRET)))
                .hasValueSatisfying(c -> assertThat(c.role()).isEqualTo(Role.APP));
    }

    @Test
    public void oneSubjectInTwoTenantsIsTwoCallers() throws Exception {
        // the key id owns per-key state (stored videos, caps): the same sub in another tenant must not share it
        JwtVerifier verifier = new JwtVerifier(settings(true, false), kid -> null, Set.of("acme", "beta")::contains,
                () -> NOW);
        String header = "{\"alg\":\"HS256\"}";
        Caller acme = verifier.verify(hs256Token(header, claims(""), SECRET)).orElseThrow();
        Caller beta = verifier.verify(hs256Token(header, claims("").replace("\"acme\"", "\"beta\""), SECRET))
                .orElseThrow();
        assertThat(beta.tenant()).isEqualTo("beta");
        assertThat(beta.keyId()).isNotEqualTo(acme.keyId());
    }

    @Test
    public void theAlgorithmIsTheConfigurationsNotTheTokens() throws Exception {
        String unsigned = b64("{\"alg\":\"none\"}") + "." + b64(claims(",\"role\":\"admin\"")) + ".";
        assertThat(hs256().verify(unsigned)).isEmpty();
        assertThat(hs256().verify(hs256Token("{\"alg\":\"HS512\"}", claims(""), SECRET))).isEmpty();
        assertThat(hs256().verify(hs256Token("{\"alg\":\"HS256\"}", claims(""), "another-secret-of-32-bytes-or-more"
                .getBytes(StandardCharsets.UTF_8)))).isEmpty();

        // RS256 configured only: an HS256 token keyed with the (public) RSA key must not pass
        KeyPair pair = rsa();
        JwtVerifier rsOnly = new JwtVerifier(settings(false, true), kid -> pair.getPublic(), Set.of("acme")::contains,
                () -> NOW);
        assertThat(rsOnly.verify(hs256Token("{\"alg\":\"HS256\"}", claims(""), pair.getPublic().getEncoded())))
                .isEmpty();
        assertThat(rsOnly.verify(rs256Token("k1", claims(""), pair))).isPresent();
        assertThat(rsOnly.verify(rs256Token("k1", claims(""), rsa()))).as("signed by another key").isEmpty();
    }

    @Test
    public void timeIssuerAudienceAndTenantAreChecked() throws Exception {
        JwtVerifier verifier = hs256();
        String header = "{\"alg\":\"HS256\"}";
        long now = NOW / 1000;
        assertThat(verifier.verify(hs256Token(header, claims("").replace("\"exp\":" + (now + 300), "\"exp\":" + (now - 61)),
                SECRET))).as("expired beyond the leeway").isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims("").replace(",\"exp\":" + (now + 300), ""), SECRET)))
                .as("no exp").isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims(",\"nbf\":" + (now + 120)), SECRET))).as("not yet").isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims("").replace("https://idp.example", "https://evil"), SECRET)))
                .isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims("").replace("\"switchboard\"", "\"x\""), SECRET))).isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims("").replace("acme", "globex"), SECRET)))
                .as("a tenant that does not exist").isEmpty();
        assertThat(verifier.verify(hs256Token(header, claims(",\"role\":\"root\""), SECRET))).isEmpty();
        assertThat(verifier.verify("eyJ.not.base64!")).isEmpty();
        assertThat(JwtVerifier.looksLikeJwt("sk-sb-abcdefghijklmnopqrstuvwxyz")).isFalse();
    }

    @Test
    public void rs256KeysComeFromAJwksUrlFetchedOffTheRequestPath() throws Exception {
        KeyPair pair = rsa();
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + B64.encodeToString(unsigned(publicKey.getModulus().toByteArray())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(publicKey.getPublicExponent().toByteArray())) + "\"}]}";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks", exchange -> {
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (Jwks keys = new Jwks(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"),
                Duration.ofMinutes(10))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (keys.key("k1") == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            JwtVerifier verifier = new JwtVerifier(settings(false, true), keys::key, Set.of("acme")::contains,
                    () -> NOW);
            assertThat(verifier.verify(rs256Token("k1", claims(""), pair))).isPresent();
            assertThat(verifier.verify(rs256Token("k2", claims(""), pair))).as("a kid not in the JWKS").isEmpty();
        } finally {
            server.stop(0);
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
