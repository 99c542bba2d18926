package dev.switchboard.support.aws;

import java.net.URI;
import java.util.Locale;

/** The region and base URL checks every AWS provider instance makes when it is created. */
public final class AwsEndpoints {

    private AwsEndpoints() {
    }

    /**
     * The configured region, else {@code fallback} (the AWS environment's).
     *
     * @throws IllegalArgumentException when neither is an AWS region name
     */
    public static String region(String configured, String fallback) {
        String region = configured == null || configured.isBlank() ? fallback : configured.trim();
        if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new IllegalArgumentException("region is missing or not an AWS region (set region, AWS_REGION or "
                    + "the profile's region)");
        }
        return region;
    }

    /**
     * {@code baseUrl} (tests, VPC endpoints, FIPS) or else {@code defaultUrl}, without a trailing slash.
     *
     * @throws IllegalArgumentException when it is not an absolute http(s) URL, or carries credentials or a query
     */
    public static URI baseUri(String baseUrl, String defaultUrl) {
        String base = baseUrl == null || baseUrl.isBlank() ? defaultUrl : baseUrl.trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("base.url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("base.url must be an absolute http or https URL");
        }
        if (uri.getUserInfo() != null || uri.getQuery() != null) {
            throw new IllegalArgumentException("base.url must not carry credentials or a query");
        }
        return uri;
    }

    /** {@code <base>/<kind>/<name, percent-encoded as SigV4 signs it>/<operation>}: {@code :} travels as {@code %3A}. */
    public static URI operation(URI base, String kind, String name, String operation) {
        return URI.create(base + "/" + kind + "/" + SigV4Signer.encodePathSegment(name) + "/" + operation);
    }
}
