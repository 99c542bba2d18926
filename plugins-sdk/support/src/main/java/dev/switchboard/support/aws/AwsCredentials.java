package dev.switchboard.support.aws;

/**
 * An AWS access key pair, with the session token of temporary credentials ({@code null} for long-term keys).
 * {@link #toString()} shows the access key id only: the secret and the token are never printed.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    public AwsCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || secretAccessKey == null || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("an access key id and a secret access key are required");
        }
        accessKeyId = accessKeyId.trim();
        secretAccessKey = secretAccessKey.trim();
        sessionToken = sessionToken == null || sessionToken.isBlank() ? null : sessionToken.trim();
    }

    public AwsCredentials(String accessKeyId, String secretAccessKey) {
        this(accessKeyId, secretAccessKey, null);
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + (sessionToken == null ? "" : ", temporary") + "]";
    }
}
