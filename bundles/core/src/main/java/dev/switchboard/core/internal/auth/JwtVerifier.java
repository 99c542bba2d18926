package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Role;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bearer JWTs (RFC 7519) as callers, written out rather than taken from a library (none of the well-kept ones is
 * an OSGi bundle without a tail of dependencies). What it accepts, and nothing else:
 * <ul>
 * <li>the algorithm is pinned by configuration, never by the token: {@code HS256} only with a shared secret,
 * {@code RS256} only with a JWKS; a token naming another ({@code none}, {@code HS256} signed with the RSA public
 * key, ...) is refused;</li>
 * <li>{@code exp} is required and must be in the future, {@code nbf} and {@code iat} must not be (both with the
 * configured leeway); {@code iss} and {@code aud} must match when configured;</li>
 * <li>the tenant claim must name a tenant that exists; the role claim must be one of the four roles (absent:
 * {@code app}); the user is the {@code sub} claim (or the configured one).</li>
 * </ul>
 * A JWT caller's key id is {@code jwt:<tenant>/<sub>}, so per-key concurrency and quotas count each subject apart,
 * and one subject in two tenants is two callers (what a key id owns, such as a stored video, stays in its tenant;
 * a tenant slug has no '/', so no two pairs share an id).
 */
final class JwtVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    static final int MAX_TOKEN_CHARS = 8192;

    /** How a JWT is checked and mapped; {@code hsSecret} null or empty means HS256 is off. */
    record Settings(byte[] hsSecret, boolean rs256, String issuer, String audience, String tenantClaim,
                    String roleClaim, String userClaim, long leewaySeconds) {
    }

    private final Settings settings;
    // looking the algorithm up costs more than the MAC; one per thread, keyed once
    private final ThreadLocal<Mac> hmac;
    private final Function<String, PublicKey> rsaKeys;
    private final Predicate<String> tenantExists;
    private final LongSupplier clock;

    /** {@code rsaKeys}: the JWKS's key for a {@code kid} (null when unknown). */
    JwtVerifier(Settings settings, Function<String, PublicKey> rsaKeys, Predicate<String> tenantExists,
                LongSupplier clock) {
        this.settings = settings;
        this.hmac = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(settings.hsSecret().length == 0 ? new byte[1] : settings.hsSecret(),
                        "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
            }
        });
        this.rsaKeys = rsaKeys;
        this.tenantExists = tenantExists;
        this.clock = clock;
    }

    /** Whether a presented bearer value is a JWT rather than a virtual key: three base64url parts. */
    static boolean looksLikeJwt(String presented) {
        if (presented.length() < 20 || !presented.startsWith("eyJ")) {
            return false;
        }
        int first = presented.indexOf('.');
        int second = first < 0 ? -1 : presented.indexOf('.', first + 1);
        return second > 0 && presented.indexOf('.', second + 1) < 0;
    }

    Optional<Caller> verify(String token) {
        if (token.length() > MAX_TOKEN_CHARS || !looksLikeJwt(token)) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        try {
            JsonNode header = JSON.readTree(B64.decode(token.substring(0, first)));
            byte[] signed = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
            byte[] signature = B64.decode(token.substring(second + 1));
            String alg = header.path("alg").asText("");
            boolean valid;
            if ("HS256".equals(alg) && settings.hsSecret() != null && settings.hsSecret().length > 0) {
                valid = MessageDigest.isEqual(hmac.get().doFinal(signed), signature);
            } else if ("RS256".equals(alg) && settings.rs256()) {
                PublicKey key = rsaKeys.apply(header.path("kid").asText(""));
                if (key == null) {
                    return Optional.empty();
                }
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initVerify(key);
                rsa.update(signed);
                valid = rsa.verify(signature);
            } else {
                return Optional.empty(); // alg none, an algorithm not configured, or alg confusion
            }
            if (!valid) {
                return Optional.empty();
            }
            return caller(JSON.readTree(B64.decode(token.substring(first + 1, second))));
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<Caller> caller(JsonNode claims) {
        if (!claims.isObject()) {
            return Optional.empty();
        }
        long now = clock.getAsLong() / 1000;
        long leeway = settings.leewaySeconds();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber() || exp.asLong() + leeway <= now) {
            return Optional.empty();
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nbf.asLong() - leeway > now)) {
            return Optional.empty();
        }
        JsonNode iat = claims.get("iat");
        if (iat != null && (!iat.isNumber() || iat.asLong() - leeway > now)) {
            return Optional.empty();
        }
        if (!blank(settings.issuer()) && !settings.issuer().equals(claims.path("iss").asText(null))) {
            return Optional.empty();
        }
        if (!blank(settings.audience()) && !audienceMatches(claims.get("aud"))) {
            return Optional.empty();
        }
        String tenant = text(claims, settings.tenantClaim());
        String user = text(claims, settings.userClaim());
        if (tenant == null || user == null || !KeySpecRules.SLUG.matcher(tenant).matches()
                || !tenantExists.test(tenant) || user.length() > 256) {
            return Optional.empty();
        }
        String roleText = text(claims, settings.roleClaim());
        Role role;
        try {
            role = roleText == null ? Role.APP : Role.fromWire(roleText);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new Caller("jwt:" + tenant + "/" + user, "jwt", tenant, role, null, user, null, List.of(),
                Set.of(), CacheMode.DEFAULT, null));
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return settings.audience().equals(aud.asText());
        }
        if (aud.isArray()) {
            for (JsonNode one : aud) {
                if (one.isTextual() && settings.audience().equals(one.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
