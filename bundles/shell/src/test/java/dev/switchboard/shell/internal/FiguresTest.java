package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import org.junit.Test;

public class FiguresTest {

    @Test
    public void printsDollarsExactlyWithoutExponentOrTrailingZeros() {
        assertThat(Figures.usd(new BigDecimal("0.000042500"))).isEqualTo("0.0000425");
        assertThat(Figures.usd(new BigDecimal("1E-7"))).isEqualTo("0.0000001");
        assertThat(Figures.usd(new BigDecimal("2.50"))).isEqualTo("2.5");
        assertThat(Figures.usd(new BigDecimal("100"))).isEqualTo("100");
        assertThat(Figures.usd(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(Figures.usd(null)).isEqualTo("0");
    }

    @Test
    public void printsMillisecondsWithOneDecimal() {
        assertThat(Figures.millis(12.345)).isEqualTo("12.3");
        assertThat(Figures.millis(0)).isEqualTo("0.0");
        assertThat(Figures.millisFromNanos(1_499_999)).isEqualTo("1");
        assertThat(Figures.millisFromNanos(120_600_000)).isEqualTo("121");
    }

    @Test
    public void summarisesAServedRequest() {
        assertThat(Figures.servedBy(new Usage(9, 2), new BigDecimal("0.0000425"), 120_000_000, "openai-east", false))
                .isEqualTo("tokens in/out: 9/2 | cost: $0.0000425 | latency: 120 ms | instance: openai-east");
        assertThat(Figures.servedBy(null, null, 0, null, true))
                .isEqualTo("tokens in/out: 0/0 | cost: $0 | latency: 0 ms | instance: - (cache hit)");
    }
}
