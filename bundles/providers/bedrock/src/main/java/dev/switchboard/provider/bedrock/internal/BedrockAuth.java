package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.support.aws.AwsAuth;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.AwsEnvironment;
import java.time.Clock;

/**
 * Where an instance's credentials come from, in the order the AWS SDKs use: the instance's own {@code api.key}
 * ({@code accessKeyId:secretAccessKey[:sessionToken]} for SigV4, anything else is a Bedrock API key sent as a
 * bearer token), then {@code AWS_BEARER_TOKEN_BEDROCK} (unless a profile is named), then the AWS environment
 * variables and profile files. Resolved once when the instance is created.
 */
final class BedrockAuth {

    static final String BEARER_VARIABLE = "AWS_BEARER_TOKEN_BEDROCK";
    static final String SERVICE = "bedrock";

    private BedrockAuth() {
    }

    /** The instance's credentials, or {@code null} when none are found anywhere. */
    static AwsAuth resolve(String apiKey, String profile, AwsEnvironment environment, String region, Clock clock) {
        if (apiKey != null && !apiKey.isBlank()) {
            String key = apiKey.trim();
            if (key.indexOf(':') > 0) {
                String[] parts = key.split(":", 3);
                return AwsAuth.sigV4(new AwsCredentials(parts[0], parts[1], parts.length > 2 ? parts[2] : null),
                        region, SERVICE, clock);
            }
            return AwsAuth.bearer(key);
        }
        if (profile == null || profile.isBlank()) {
            String bearer = environment.variable(BEARER_VARIABLE);
            if (bearer != null && !bearer.isBlank()) {
                return AwsAuth.bearer(bearer);
            }
        }
        AwsCredentials found = environment.credentials(profile);
        return found == null ? null : AwsAuth.sigV4(found, region, SERVICE, clock);
    }
}
