package dev.switchboard.webhooks.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class RetryScheduleTest {

    @Test
    public void doublesFromTheInitialBackOffUpToTheCapWithHalfOfItRandom() {
        RetrySchedule low = new RetrySchedule(10, 1000, 8000, () -> 0.0);
        RetrySchedule high = new RetrySchedule(10, 1000, 8000, () -> 0.999999);
        long[] ceilings = {1000, 2000, 4000, 8000, 8000, 8000};
        for (int attempt = 1; attempt <= ceilings.length; attempt++) {
            long ceiling = ceilings[attempt - 1];
            assertEquals("attempt " + attempt, ceiling / 2, low.delayAfter(attempt));
            long top = high.delayAfter(attempt);
            assertTrue("attempt " + attempt + ": " + top, top > ceiling * 3 / 4 && top <= ceiling);
        }
    }

    @Test
    public void attemptsAreBounded() {
        RetrySchedule schedule = new RetrySchedule(3, 10, 100, () -> 0.5);
        assertTrue(schedule.retries(1));
        assertTrue(schedule.retries(2));
        assertFalse(schedule.retries(3));
        assertFalse(new RetrySchedule(1, 10, 100, () -> 0.5).retries(1));
    }

    @Test
    public void aLargeAttemptNumberDoesNotOverflow() {
        assertEquals(30_000, new RetrySchedule(100, 1000, 60_000, () -> 0.0).delayAfter(90));
    }
}
