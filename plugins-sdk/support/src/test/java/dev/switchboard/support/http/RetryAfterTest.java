package dev.switchboard.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

public class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    public void deltaSeconds() {
        assertThat(RetryAfter.parse("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ")).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("-3")).isEqualTo(Duration.ZERO);
    }

    @Test
    public void httpDateInAllThreeForms() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Wednesday, 21-Oct-15 07:29:00 GMT", NOW)).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryAfter.parse("Wed Oct 21 07:28:05 2015", NOW)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    public void aDateInThePastMeansNow() {
        assertThat(RetryAfter.parse("Tue, 20 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    public void garbageIsNoHint() {
        assertThat(RetryAfter.parse(null)).isNull();
        assertThat(RetryAfter.parse("")).isNull();
        assertThat(RetryAfter.parse("soon")).isNull();
        assertThat(RetryAfter.parse("12abc")).isNull();
        assertThat(RetryAfter.parseMillis("x")).isNull();
        assertThat(RetryAfter.parseResetDuration("6 minutes")).isNull();
        assertThat(RetryAfter.parseResetDuration("s")).isNull();
        assertThat(RetryAfter.parseResetDuration("5d")).isNull();
    }

    @Test
    public void millisecondsHeader() {
        assertThat(RetryAfter.parseMillis("1500")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryAfter.parseMillis("20.5")).isEqualTo(Duration.ofNanos(20_500_000));
    }

    @Test
    public void openAiResetDurations() {
        assertThat(RetryAfter.parseResetDuration("1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.parseResetDuration("6m0s")).isEqualTo(Duration.ofMinutes(6));
        assertThat(RetryAfter.parseResetDuration("20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(RetryAfter.parseResetDuration("17.28s")).isEqualTo(Duration.ofMillis(17_280));
        assertThat(RetryAfter.parseResetDuration("1h2m3.5s")).isEqualTo(Duration.ofMillis(3_723_500));
        assertThat(RetryAfter.parseResetDuration("0s")).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parseResetDuration("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(RetryAfter.parseResetDuration("2")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    public void headersPreferMilliseconds() {
        HttpFields headers = new HttpFields();
        headers.put("Retry-After", "3");
        assertThat(RetryAfter.fromHeaders(headers)).isEqualTo(Duration.ofSeconds(3));

        headers.put("retry-after-ms", "250");
        assertThat(RetryAfter.fromHeaders(headers)).isEqualTo(Duration.ofMillis(250));

        assertThat(RetryAfter.fromHeaders(new HttpFields())).isNull();
    }
}
