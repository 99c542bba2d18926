package dev.switchboard.bench;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ColdStartCurveTest {

    private static List<Map<String, Object>> curve(double... rates) {
        List<Map<String, Object>> windows = new ArrayList<>();
        for (double rate : rates) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("req_per_s", rate);
            windows.add(w);
        }
        return windows;
    }

    @Test
    public void theEndOfTheFirstWindowAtTheShareIsWhenItWasReached() {
        // 2 s windows, steady 10,000: 8,000 first reached in the fourth window, which ends at 8 s
        assertEquals(8.0, BenchRun.secondsToShare(curve(2000, 5000, 7999, 8000, 6000, 9000), 2.0, 10_000, 0.8), 1e-9);
    }

    @Test
    public void aCurveThatNeverGetsThereReadsAsLaterThanItsLastWindow() {
        assertEquals(8.0, BenchRun.secondsToShare(curve(1000, 2000, 3000), 2.0, 10_000, 0.8), 1e-9);
    }

    @Test
    public void aFirstWindowAlreadyWarmIsOneWindow() {
        assertEquals(1.0, BenchRun.secondsToShare(curve(9500, 9900), 1.0, 10_000, 0.8), 1e-9);
    }
}
