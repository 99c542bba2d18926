package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class CollectingSubscriberTest {

    @Test(timeout = 30_000)
    public void collectsEveryItemInOrderAndCompletesWithTheStream() throws Exception {
        CollectingSubscriber<String> collected = new CollectingSubscriber<>();
        try (SubmissionPublisher<String> publisher = new SubmissionPublisher<>()) {
            publisher.subscribe(collected);
            publisher.submit("a");
            publisher.submit("b");
        }
        collected.done().get(10, TimeUnit.SECONDS);
        assertThat(collected.items()).isEqualTo(List.of("a", "b"));
    }

    @Test(timeout = 30_000)
    public void failsDoneWithTheStreamsError() {
        CollectingSubscriber<String> collected = new CollectingSubscriber<>();
        SubmissionPublisher<String> publisher = new SubmissionPublisher<>();
        publisher.subscribe(collected);
        publisher.closeExceptionally(new IllegalStateException("upstream gone"));
        assertThat(collected.done()).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .withMessageContaining("upstream gone");
    }
}
