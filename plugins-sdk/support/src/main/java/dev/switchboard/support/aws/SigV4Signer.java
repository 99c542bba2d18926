package dev.switchboard.support.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one region and service, in the {@code Authorization} header, as AWS specifies it
 * for services other than S3: the canonical URI is the request's path <em>as sent</em> (already percent-encoded),
 * with dot segments and empty segments removed, percent-encoded once more; so a Bedrock model id
 * {@code anthropic.claude-v2:1} travels as {@code /model/anthropic.claude-v2%3A1/invoke} and is signed as
 * {@code /model/anthropic.claude-v2%253A1/invoke}. Query parameters are decoded, re-encoded and sorted; header
 * values are trimmed with inner whitespace runs folded to one space; repeated headers are joined with commas.
 *
 * <p>Checked against AWS's published SigV4 test suite (see the support bundle's tests). The signing key depends
 * only on the date, region, service and secret, so it is derived once a day, not per request. Thread-safe.
 */
public final class SigV4Signer {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** The SHA-256 of an empty payload. */
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private final String region;
    private final String service;
    private final boolean normalizePath;
    private volatile SigningKey signingKey;

    private record SigningKey(String date, String secret, byte[] key) {
    }

    /** The headers a signed request must carry, and (for tests) what was signed. */
    public static final class Signature {
        private final String amzDate;
        private final String contentSha256;
        private final String securityToken;
        private final String authorization;
        private final String canonicalRequest;
        private final String stringToSign;
        private final String signature;

        Signature(String amzDate, String contentSha256, String securityToken, String authorization,
                  String canonicalRequest, String stringToSign, String signature) {
            this.amzDate = amzDate;
            this.contentSha256 = contentSha256;
            this.securityToken = securityToken;
            this.authorization = authorization;
            this.canonicalRequest = canonicalRequest;
            this.stringToSign = stringToSign;
            this.signature = signature;
        }

        /** {@code X-Amz-Date}. */
        public String amzDate() {
            return amzDate;
        }

        /** {@code X-Amz-Content-Sha256}, or {@code null} when it was not asked for. */
        public String contentSha256() {
            return contentSha256;
        }

        /** {@code X-Amz-Security-Token} (temporary credentials), or {@code null}. A secret: never log it. */
        public String securityToken() {
            return securityToken;
        }

        /** {@code Authorization}. */
        public String authorization() {
            return authorization;
        }

        /** Adds the signature's headers to a request: {@code (name, value)} for each. */
        public void forEachHeader(java.util.function.BiConsumer<String, String> header) {
            header.accept("X-Amz-Date", amzDate);
            if (contentSha256 != null) {
                header.accept("X-Amz-Content-Sha256", contentSha256);
            }
            if (securityToken != null) {
                header.accept("X-Amz-Security-Token", securityToken);
            }
            header.accept("Authorization", authorization);
        }

        String canonicalRequest() {
            return canonicalRequest;
        }

        String stringToSign() {
            return stringToSign;
        }

        String signature() {
            return signature;
        }

        @Override
        public String toString() {
            return "SigV4Signature[" + amzDate + "]";
        }
    }

    private SigV4Signer(String region, String service, boolean normalizePath) {
        if (region == null || region.isBlank() || service == null || service.isBlank()) {
            throw new IllegalArgumentException("a region and a service are required");
        }
        this.region = region.trim();
        this.service = service.trim();
        this.normalizePath = normalizePath;
    }

    /** A signer for a service other than S3 (the paths are normalized and encoded twice). */
    public static SigV4Signer of(String region, String service) {
        return new SigV4Signer(region, service, true);
    }

    /** The same signer with path normalization on or off (off: S3's rule; the test suite has cases for both). */
    public SigV4Signer normalizingPath(boolean normalize) {
        return new SigV4Signer(region, service, normalize);
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    /**
     * Signs a request to {@code uri} whose other signed headers are {@code headers} ({@code name, value} pairs;
     * {@code Host} is taken from the URI) and whose body is {@code body}; asks for {@code X-Amz-Content-Sha256}.
     */
    public Signature sign(AwsCredentials credentials, Instant time, String method, URI uri, List<String[]> headers,
                          byte[] body) {
        List<String[]> all = new ArrayList<>(headers.size() + 1);
        all.add(new String[] {"host", host(uri)});
        all.addAll(headers);
        return sign(credentials, time, method, uri.getRawPath(), uri.getRawQuery(), all, sha256Hex(body), true);
    }

    /**
     * Signs a request given as it goes on the wire: {@code rawPath} and {@code rawQuery} as sent (percent-encoded),
     * {@code headers} the headers to sign including {@code Host}, {@code payloadSha256} the body's SHA-256 in hex.
     */
    public Signature sign(AwsCredentials credentials, Instant time, String method, String rawPath, String rawQuery,
                          List<String[]> headers, String payloadSha256, boolean contentSha256Header) {
        String amzDate = AMZ_DATE.format(time);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonicalHeaders = new TreeMap<>();
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT).trim();
            String value = foldWhitespace(header[1]);
            canonicalHeaders.merge(name, value, (a, b) -> a + "," + b);
        }
        canonicalHeaders.put("x-amz-date", amzDate);
        if (contentSha256Header) {
            canonicalHeaders.put("x-amz-content-sha256", payloadSha256);
        }
        if (credentials.sessionToken() != null) {
            canonicalHeaders.put("x-amz-security-token", credentials.sessionToken());
        }
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(method.toUpperCase(Locale.ROOT)).append('\n');
        canonical.append(canonicalUri(rawPath, normalizePath)).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        StringBuilder signedHeaders = new StringBuilder(64);
        for (Map.Entry<String, String> header : canonicalHeaders.entrySet()) {
            canonical.append(header.getKey()).append(':').append(header.getValue()).append('\n');
            if (signedHeaders.length() > 0) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.getKey());
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadSha256);
        String canonicalRequest = canonical.toString();

        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String signature = hex(hmac(signingKey(credentials.secretAccessKey(), date),
                stringToSign.getBytes(StandardCharsets.UTF_8)));
        String authorization = ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new Signature(amzDate, contentSha256Header ? payloadSha256 : null, credentials.sessionToken(),
                authorization, canonicalRequest, stringToSign, signature);
    }

    /** {@code Host} as the HTTP client sends it: the host, and the port when it is not the scheme's default. */
    public static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port < 0 || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /**
     * A path segment (a model id, an endpoint name) percent-encoded as AWS expects it on the wire: everything but
     * the unreserved characters, so {@code :} becomes {@code %3A} and {@code /} becomes {@code %2F}.
     */
    public static String encodePathSegment(String segment) {
        return uriEncode(segment, false);
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256(data));
    }

    private byte[] signingKey(String secret, String date) {
        SigningKey cached = signingKey;
        if (cached != null && cached.date.equals(date) && cached.secret.equals(secret)) {
            return cached.key;
        }
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, region.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, service.getBytes(StandardCharsets.UTF_8));
        key = hmac(key, "aws4_request".getBytes(StandardCharsets.UTF_8));
        signingKey = new SigningKey(date, secret, key);
        return key;
    }

    static String canonicalUri(String rawPath, boolean normalize) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        if (normalize) {
            path = removeDotSegments(path);
        }
        return uriEncode(path, true);
    }

    /** RFC 3986 dot-segment removal, and empty segments dropped (AWS's normalization for non-S3 services). */
    private static String removeDotSegments(String path) {
        Deque<String> kept = new ArrayDeque<>();
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || ".".equals(segment)) {
                continue;
            }
            if ("..".equals(segment)) {
                kept.pollLast();
            } else {
                kept.addLast(segment);
            }
        }
        StringBuilder out = new StringBuilder(path.length());
        for (String segment : kept) {
            out.append('/').append(segment);
        }
        String last = segments[segments.length - 1];
        boolean trailing = path.endsWith("/") || ".".equals(last) || "..".equals(last);
        if (out.length() == 0 || trailing) {
            out.append('/');
        }
        return out.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.add(new String[] {uriEncode(percentDecode(name), false), uriEncode(percentDecode(value), false)});
        }
        parameters.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] parameter : parameters) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(parameter[0]).append('=').append(parameter[1]);
        }
        return out.toString();
    }

    private static String uriEncode(String text, boolean keepSlash) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
                    || c == '~' || keepSlash && c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] out = new byte[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                    && Character.digit(text.charAt(i + 2), 16) >= 0) {
                out[n++] = (byte) (Character.digit(text.charAt(i + 1), 16) << 4 | Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (n + encoded.length > out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2 + encoded.length);
                }
                System.arraycopy(encoded, 0, out, n, encoded.length);
                n += encoded.length;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private static String foldWhitespace(String value) {
        String trimmed = value.strip();
        StringBuilder out = new StringBuilder(trimmed.length());
        boolean space = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[i * 2] = HEX[(bytes[i] >> 4) & 0xf];
            out[i * 2 + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
