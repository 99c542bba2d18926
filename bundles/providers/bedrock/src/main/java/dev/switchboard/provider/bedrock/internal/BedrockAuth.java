package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.AwsEnvironment;
import dev.switchboard.support.aws.SigV4Signer;
import dev.switchboard.support.http.JsonPost;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * How an instance proves itself to Bedrock: a Bedrock API key as a bearer token, or AWS Signature V4 with an
 * access key. Resolved once when the instance is created, in the order the AWS SDKs use: the instance's own
 * {@code api.key} ({@code accessKeyId:secretAccessKey[:sessionToken]} for SigV4, anything else is a Bedrock API
 * key), then {@code AWS_BEARER_TOKEN_BEDROCK}, then the AWS environment variables and profile files. The secrets
 * stay in this object: {@link #toString()} names the kind only.
 */
final class BedrockAuth {

    static final String BEARER_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK";
    static final String SERVICE = "bedrock";

    private final String bearer;
    private final AwsCredentials credentials;
    private final SigV4Signer signer;
    private final Clock clock;

    private BedrockAuth(String bearer, AwsCredentials credentials, String region, Clock clock) {
        this.bearer = bearer == null ? null : "Bearer " + bearer;
        this.credentials = credentials;
        this.signer = credentials == null ? null : SigV4Signer.of(region, SERVICE);
        this.clock = clock;
    }

    /** The instance's credentials, or {@code null} when none are found anywhere. */
    static BedrockAuth resolve(String apiKey, String profile, AwsEnvironment environment, String region, Clock clock) {
        if (apiKey != null && !apiKey.isBlank()) {
            String key = apiKey.trim();
            if (key.indexOf(':') > 0) {
                String[] parts = key.split(":", 3);
                return new BedrockAuth(null, new AwsCredentials(parts[0], parts[1], parts.length > 2 ? parts[2] : null),
                        region, clock);
            }
            return new BedrockAuth(key, null, region, clock);
        }
        if (profile == null || profile.isBlank()) {
            String bearer = environment.variable(BEARER_VARIABLE);
            if (bearer != null) {
                return new BedrockAuth(bearer, null, region, clock);
            }
        }
        AwsCredentials found = environment.credentials(profile);
        return found == null ? null : new BedrockAuth(null, found, region, clock);
    }

    /** Adds the authentication headers for a POST of {@code body} to {@code uri} (signs it, for SigV4). */
    JsonPost apply(JsonPost post, URI uri, byte[] body) {
        if (bearer != null) {
            return post.header("Authorization", bearer);
        }
        signer.sign(credentials, clock.instant(), "POST", uri, List.of(), body).forEachHeader(post::header);
        return post;
    }

    /** The secrets, for cutting them out of upstream messages. */
    String[] secrets() {
        if (bearer != null) {
            return new String[] {bearer.substring("Bearer ".length())};
        }
        return credentials.sessionToken() == null ? new String[] {credentials.secretAccessKey()}
                : new String[] {credentials.secretAccessKey(), credentials.sessionToken()};
    }

    boolean isBearer() {
        return bearer != null;
    }

    @Override
    public String toString() {
        return bearer != null ? "BedrockAuth[api key]" : "BedrockAuth[SigV4 " + credentials + "]";
    }
}
