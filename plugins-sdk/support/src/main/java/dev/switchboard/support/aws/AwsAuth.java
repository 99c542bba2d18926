package dev.switchboard.support.aws;

import dev.switchboard.support.http.JsonPost;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * How a call proves itself to an AWS service: AWS Signature V4 with an access key (every service), or a bearer
 * token where the service takes one (a Bedrock API key). Built once per provider instance; the secrets stay in
 * this object: {@link #toString()} names the kind and the access key id only.
 */
public final class AwsAuth {

    private final String bearer;
    private final AwsCredentials credentials;
    private final SigV4Signer signer;
    private final Clock clock;
    private final String[] secrets;

    private AwsAuth(String bearer, AwsCredentials credentials, SigV4Signer signer, Clock clock) {
        this.bearer = bearer;
        this.credentials = credentials;
        this.signer = signer;
        this.clock = clock;
        if (bearer != null) {
            this.secrets = new String[] {bearer};
        } else {
            this.secrets = credentials.sessionToken() == null ? new String[] {credentials.secretAccessKey()}
                    : new String[] {credentials.secretAccessKey(), credentials.sessionToken()};
        }
    }

    /** SigV4 for {@code service} in {@code region}, signed at {@code clock}'s time. */
    public static AwsAuth sigV4(AwsCredentials credentials, String region, String service, Clock clock) {
        if (credentials == null) {
            throw new IllegalArgumentException("credentials are required");
        }
        return new AwsAuth(null, credentials, SigV4Signer.of(region, service), clock);
    }

    /** {@code Authorization: Bearer <token>}, unsigned. */
    public static AwsAuth bearer(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a token is required");
        }
        return new AwsAuth(token.trim(), null, null, null);
    }

    /** Adds the authentication headers for a POST of {@code body} to {@code uri} (signs it, for SigV4). */
    public JsonPost apply(JsonPost post, URI uri, byte[] body) {
        if (bearer != null) {
            return post.header("Authorization", "Bearer " + bearer);
        }
        signer.sign(credentials, clock.instant(), "POST", uri, List.of(), body).forEachHeader(post::header);
        return post;
    }

    /** The secrets, for cutting them out of upstream messages (a copy). */
    public String[] secrets() {
        return secrets.clone();
    }

    public boolean isBearer() {
        return bearer != null;
    }

    @Override
    public String toString() {
        return bearer != null ? "AwsAuth[bearer]" : "AwsAuth[SigV4 " + signer.service() + " " + credentials + "]";
    }
}
