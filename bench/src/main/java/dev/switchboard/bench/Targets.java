package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The targets of issue 4, checked against one run's numbers (reported, never asserted). */
final class Targets {

    private Targets() {
    }

    static List<Map<String, Object>> evaluate(List<Measurement> rows, List<Measurement> added,
            Map<String, Object> resources) {
        List<Map<String, Object>> t = new ArrayList<>();
        Measurement c1 = find(added, "closed c=1");
        Measurement c16 = find(added, "closed c=16");
        Measurement s1 = find(added, "stream c=1");
        if (c1 != null) {
            t.add(target("added latency p50 at c=1", "<= 0.1 ms", c1.get("added_p50_ms"), " ms",
                    c1.get("added_p50_ms") <= 0.1));
            t.add(target("added latency p99 at c=1", "<= 1 ms", c1.get("added_p99_ms"), " ms",
                    c1.get("added_p99_ms") <= 1.0));
        }
        if (c16 != null) {
            t.add(target("throughput gateway/direct at c=16", ">= 0.5x", c16.get("throughput_ratio"), "x",
                    c16.get("throughput_ratio") >= 0.5));
        }
        if (s1 != null) {
            t.add(target("streaming TTFB overhead (p50, c=1)", "<= 1 ms", s1.get("added_ttfb_p50_ms"), " ms",
                    s1.get("added_ttfb_p50_ms") <= 1.0));
        }
        long shortGaps = 0;
        long wrong = 0;
        boolean anyStream = false;
        for (Measurement m : rows) {
            if ("gateway".equals(m.target) && m.get("short_gaps") != null) {
                anyStream = true;
                shortGaps += m.get("short_gaps").longValue();
                wrong += m.get("streams_wrong_event_count").longValue();
            }
        }
        if (anyStream) {
            t.add(target("no chunk buffered (gaps < half the stub's gap; streams with a wrong event count)",
                    "0 and 0", (double) shortGaps, " / " + wrong, shortGaps == 0 && wrong == 0));
        }
        Object heap = resources.get("heap_after_gc_mb_100_instances_restarted");
        if (heap instanceof Double h) {
            t.add(target("heap after GC with 100 provider instances", "< 100 MB", h, " MB", h < 100));
        }
        Object ready = resources.get("ready_fresh_ms");
        if (ready instanceof Long r) {
            t.add(target("launch to /health ready (fresh)", "< 5 s", r / 1000.0, " s", r < 5000));
        }
        return t;
    }

    private static Map<String, Object> target(String name, String goal, Double measured, String unit, boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", name);
        m.put("goal", goal);
        m.put("measured", measured);
        m.put("unit", unit);
        m.put("met", met);
        return m;
    }

    private static Measurement find(List<Measurement> ms, String row) {
        return ms.stream().filter(m -> m.row.equals(row)).findFirst().orElse(null);
    }
}
