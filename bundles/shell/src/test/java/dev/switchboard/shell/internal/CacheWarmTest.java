package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class CacheWarmTest {

    @Test
    public void sendsEveryLineWithBoundedConcurrencyAndReportsFailures() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        List<String> bodies = List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}", "{\"n\":5}", "{\"bad\":1}");

        CacheWarm.Result result = CacheWarm.warm(bodies, body -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(20);
                sent.add(body);
                return body.contains("bad") ? 400 : 200;
            } finally {
                inFlight.decrementAndGet();
            }
        }, 2);

        assertThat(sent).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(peak.get()).isLessThanOrEqualTo(2);
        assertThat(result.answered()).isEqualTo(5);
        assertThat(result.failures()).containsExactly("line 6: HTTP 400");
        assertThat(Printed.by(result::print)).contains("6 request(s) sent, 5 answered, 1 failed:");
    }

    @Test
    public void readsTheNonBlankLinesOfTheFile() throws Exception {
        Path file = Files.createTempFile("warm", ".jsonl");
        try {
            Files.writeString(file, "{\"model\":\"m\"}\n\n  \n{\"model\":\"n\"}\n");
            assertThat(CacheWarm.requests(file)).containsExactly("{\"model\":\"m\"}", "{\"model\":\"n\"}");
        } finally {
            Files.delete(file);
        }
    }
}
