package dev.switchboard.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.Test;

/** The region, base URL and operation path checks, and the two ways to authenticate, shared by the AWS providers. */
public class AwsEndpointsTest {

    @Test
    public void aModelIdsColonIsPercentEncodedInTheOperationPath() {
        URI base = AwsEndpoints.baseUri(null, "https://bedrock-runtime.us-east-1.amazonaws.com");
        assertThat(AwsEndpoints.operation(base, "model", "anthropic.claude-3-haiku-20240307-v1:0", "invoke"))
                .hasToString("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke");
    }

    @Test
    public void regionsAndBaseUrlsAreCheckedNamingTheSetting() {
        assertThat(AwsEndpoints.region(null, "eu-west-1")).isEqualTo("eu-west-1");
        assertThat(AwsEndpoints.region(" us-gov-west-1 ", "eu-west-1")).isEqualTo("us-gov-west-1");
        assertThatThrownBy(() -> AwsEndpoints.region("mars", null)).hasMessageContaining("region");
        assertThat(AwsEndpoints.baseUri("http://127.0.0.1:9/", "https://x")).hasToString("http://127.0.0.1:9");
        assertThatThrownBy(() -> AwsEndpoints.baseUri("http://user:pw@host", "https://x")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> AwsEndpoints.baseUri("ftp://host", "https://x")).hasMessageContaining("http");
    }

    @Test
    public void neitherKindOfAuthShowsItsSecret() {
        AwsAuth bearer = AwsAuth.bearer(" ABSKsecretkey ");
        AwsAuth sigV4 = AwsAuth.sigV4(new AwsCredentials("AKIDEXAMPLE", "topsecret", "tok"), "us-east-1", "bedrock",
                Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC));
        assertThat(bearer.isBearer()).isTrue();
        assertThat(bearer.secrets()).containsExactly("ABSKsecretkey");
        assertThat(sigV4.secrets()).containsExactly("topsecret", "tok");
        assertThat(bearer.toString()).doesNotContain("ABSK");
        assertThat(sigV4.toString()).contains("AKIDEXAMPLE").doesNotContain("topsecret").doesNotContain("tok]");
        assertThatThrownBy(() -> AwsAuth.bearer(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
