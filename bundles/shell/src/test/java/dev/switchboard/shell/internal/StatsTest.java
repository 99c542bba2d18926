package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.api.StatsReport;
import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

public class StatsTest {

    @Test
    public void printsOneRowPerInstanceAndModelThenTotals() {
        StatsReport report = new StatsReport(List.of(
                new StatsReport.Row("mock", "mock-echo", 120, 3, 1500, 900, new BigDecimal("0.0125"), 1.25, 4.5,
                        9.875)), 7, 2);

        String printed = Printed.by(out -> Stats.print(report, out));

        assertThat(printed).contains("Requests", "Errors", "Tokens in", "Tokens out", "Cost $", "p50 ms", "p95 ms",
                "p99 ms");
        assertThat(printed).containsPattern("mock\\s*\\|\\s*mock-echo\\s*\\|\\s*120\\s*\\|\\s*3\\s*\\|\\s*1500\\s*\\|"
                + "\\s*900\\s*\\|\\s*0.0125\\s*\\|\\s*1.3\\s*\\|\\s*4.5\\s*\\|\\s*9.9");
        assertThat(printed).contains("Cache hits: 7  Quota denials: 2");
    }

    @Test
    public void listsFailuresPerInstanceAndCode() {
        StatsReport report = new StatsReport(List.of(), 0, 0, List.of(new StatsReport.Failures("acme-1", "INTERNAL", 4)));

        assertThat(Printed.by(out -> Stats.print(report, out)))
                .containsPattern("acme-1\\s*\\|\\s*INTERNAL\\s*\\|\\s*4");
    }

    @Test
    public void saysSoBeforeAnyTraffic() {
        assertThat(Printed.by(out -> Stats.print(new StatsReport(List.of(), 0, 0), out))).contains("No traffic yet.");
    }
}
