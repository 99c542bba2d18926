package dev.switchboard.support.aws;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Credentials and region found where the AWS CLI and SDKs look, in their order: the environment variables
 * {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} / {@code AWS_SESSION_TOKEN}, then the profile
 * {@code AWS_PROFILE} (else {@code default}) of the shared credentials file ({@code AWS_SHARED_CREDENTIALS_FILE},
 * else {@code ~/.aws/credentials}) and config file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}); the
 * region from {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, then the profile's {@code region}.
 *
 * <p>Read once, when a provider's configuration is applied, never per request. Only static keys are read:
 * profiles that assume a role, run a {@code credential_process} or use SSO are not followed (they need the AWS
 * SDK); such a profile yields no credentials. Nothing read here is logged.
 */
public final class AwsEnvironment {

    public static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    public static final String REGION = "AWS_REGION";
    public static final String DEFAULT_REGION = "AWS_DEFAULT_REGION";
    public static final String PROFILE = "AWS_PROFILE";
    public static final String CREDENTIALS_FILE = "AWS_SHARED_CREDENTIALS_FILE";
    public static final String CONFIG_FILE = "AWS_CONFIG_FILE";

    private final UnaryOperator<String> environment;
    private final Path home;
    private AwsProfileFile credentialsFile;
    private AwsProfileFile configFile;

    private AwsEnvironment(UnaryOperator<String> environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    /** The Karaf process's environment and the user's home folder. */
    public static AwsEnvironment system() {
        String home = System.getProperty("user.home");
        return new AwsEnvironment(System::getenv, home == null ? null : Path.of(home));
    }

    /** For tests and embedders: any variable source and home folder ({@code null}: no profile files). */
    public static AwsEnvironment of(UnaryOperator<String> environment, Path home) {
        return new AwsEnvironment(environment, home);
    }

    /** A variable of the environment, or {@code null} when unset or blank. */
    public String variable(String name) {
        String value = environment.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The profile in use: {@code profile} when given, else {@code AWS_PROFILE}, else {@code default}. */
    public String profile(String profile) {
        if (profile != null && !profile.isBlank()) {
            return profile.trim();
        }
        String named = variable(PROFILE);
        return named == null ? "default" : named;
    }

    /**
     * The credentials: from the environment when no {@code profile} is named and both keys are set there,
     * else from the profile's static keys; {@code null} when there are none.
     */
    public AwsCredentials credentials(String profile) {
        if (profile == null || profile.isBlank()) {
            String id = variable(ACCESS_KEY_ID);
            String secret = variable(SECRET_ACCESS_KEY);
            if (id != null && secret != null) {
                return new AwsCredentials(id, secret, variable(SESSION_TOKEN));
            }
        }
        String name = profile(profile);
        String id = first(credentialsFile().value(name, "aws_access_key_id"), configFile().value(name, "aws_access_key_id"));
        String secret = first(credentialsFile().value(name, "aws_secret_access_key"),
                configFile().value(name, "aws_secret_access_key"));
        if (id == null || secret == null) {
            return null;
        }
        return new AwsCredentials(id, secret,
                first(credentialsFile().value(name, "aws_session_token"), configFile().value(name, "aws_session_token")));
    }

    /** The region: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's {@code region}; or {@code null}. */
    public String region(String profile) {
        String region = first(variable(REGION), variable(DEFAULT_REGION));
        if (region != null) {
            return region;
        }
        String name = profile(profile);
        return first(configFile().value(name, "region"), credentialsFile().value(name, "region"));
    }

    private AwsProfileFile credentialsFile() {
        if (credentialsFile == null) {
            credentialsFile = AwsProfileFile.read(file(CREDENTIALS_FILE, "credentials"), false);
        }
        return credentialsFile;
    }

    private AwsProfileFile configFile() {
        if (configFile == null) {
            configFile = AwsProfileFile.read(file(CONFIG_FILE, "config"), true);
        }
        return configFile;
    }

    private Path file(String variable, String name) {
        String named = variable(variable);
        if (named != null) {
            return Path.of(named.startsWith("~/") && home != null ? home + named.substring(1) : named);
        }
        return home == null ? null : home.resolve(".aws").resolve(name);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
