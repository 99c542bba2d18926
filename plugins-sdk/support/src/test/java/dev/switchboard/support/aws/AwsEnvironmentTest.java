package dev.switchboard.support.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AwsEnvironmentTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theEnvironmentVariablesComeFirst() throws Exception {
        Path home = homeWithProfiles();
        AwsEnvironment aws = AwsEnvironment.of(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "envsecret",
                "AWS_SESSION_TOKEN", "envtoken", "AWS_REGION", "eu-central-1", "AWS_DEFAULT_REGION", "us-west-2")::get, home);

        AwsCredentials credentials = aws.credentials(null);
        assertThat(credentials.accessKeyId()).isEqualTo("AKIAENV");
        assertThat(credentials.secretAccessKey()).isEqualTo("envsecret");
        assertThat(credentials.sessionToken()).isEqualTo("envtoken");
        assertThat(aws.region(null)).isEqualTo("eu-central-1");
    }

    @Test
    public void withoutThemTheProfileFilesServeAndAwsProfileChoosesTheProfile() throws Exception {
        Path home = homeWithProfiles();
        AwsEnvironment byDefault = AwsEnvironment.of(Map.<String, String>of()::get, home);
        assertThat(byDefault.credentials(null).accessKeyId()).isEqualTo("AKIADEFAULT");
        assertThat(byDefault.credentials(null).sessionToken()).isNull();
        assertThat(byDefault.region(null)).isEqualTo("us-east-1");

        AwsEnvironment named = AwsEnvironment.of(Map.of("AWS_PROFILE", "work", "AWS_DEFAULT_REGION", "ap-south-1")::get, home);
        assertThat(named.credentials(null).accessKeyId()).isEqualTo("AKIAWORK");
        assertThat(named.credentials(null).sessionToken()).isEqualTo("worktoken");
        assertThat(named.region(null)).isEqualTo("ap-south-1");

        AwsEnvironment configured = AwsEnvironment.of(Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "s")::get, home);
        assertThat(configured.credentials("work").accessKeyId()).as("a named profile wins over the variables")
                .isEqualTo("AKIAWORK");
        assertThat(configured.region("work")).isEqualTo("eu-west-3");
    }

    @Test
    public void aProfileWithoutStaticKeysOrNoFilesGiveNoCredentials() throws Exception {
        Path home = homeWithProfiles();
        assertThat(AwsEnvironment.of(Map.of("AWS_PROFILE", "sso")::get, home).credentials(null)).isNull();
        assertThat(AwsEnvironment.of(Map.<String, String>of()::get, folder.newFolder("empty").toPath()).credentials(null)).isNull();
        assertThat(AwsEnvironment.of(Map.<String, String>of()::get, null).region(null)).isNull();
    }

    @Test
    public void theFileLocationsCanBeMovedByVariables() throws Exception {
        Path credentials = folder.newFile("creds").toPath();
        Files.writeString(credentials, "[default]\naws_access_key_id = AKIAMOVED\naws_secret_access_key = moved\n");
        AwsEnvironment aws = AwsEnvironment.of(Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString())::get, null);
        assertThat(aws.credentials(null).accessKeyId()).isEqualTo("AKIAMOVED");
    }

    private Path homeWithProfiles() throws Exception {
        Path home = folder.newFolder("home").toPath();
        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("credentials"), String.join("\n",
                "# comment", "[default]", "aws_access_key_id = AKIADEFAULT", "aws_secret_access_key = defaultsecret",
                "", "[work]", "aws_access_key_id=AKIAWORK", "aws_secret_access_key=worksecret  ; trailing comment",
                "aws_session_token = worktoken", ""), StandardCharsets.UTF_8);
        Files.writeString(aws.resolve("config"), String.join("\n",
                "[default]", "region = us-east-1", "[profile work]", "region = eu-west-3", "s3 =",
                "  max_concurrent_requests = 20", "[profile sso]", "sso_session = corp", "[sso-session corp]",
                "sso_region = us-east-1", ""), StandardCharsets.UTF_8);
        return home;
    }
}
