package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** One row against one target in one round, reduced to named numbers (milliseconds, req/s, CPU %). */
final class Measurement {

    final String row;
    final String target;
    final Map<String, Double> values = new LinkedHashMap<>();

    Measurement(String row, String target) {
        this.row = row;
        this.target = target;
    }

    static Measurement of(String row, String target, LoadDriver.Outcome o, CpuWindow.Cpu cpu) {
        Measurement m = new Measurement(row, target);
        m.put("req_per_s", round(o.perSecond(), 1));
        m.put("requests", o.completed);
        m.put("errors", o.errors);
        m.put("reconnects", o.reconnects);
        latency(m, "", o.latency);
        if (o.dueRate > 0) {
            m.put("due_rate_per_s", o.dueRate);
            m.put("late_or_dropped", o.abandoned);
        }
        if (o.streams > 0) {
            m.put("streams", o.streams);
            latency(m, "ttfb_", o.firstContent);
            m.put("first_byte_p50_ms", ms(o.firstByte.getValueAtPercentile(50)));
            m.put("gap_p50_ms", ms(o.gaps.getValueAtPercentile(50)));
            m.put("gap_p99_ms", ms(o.gaps.getValueAtPercentile(99)));
            m.put("gap_min_ms", ms(o.gaps.getMinValue()));
            m.put("short_gaps", o.shortGaps);
            m.put("gaps", o.gaps.getTotalCount());
            m.put("streams_wrong_event_count", o.streamsWithWrongEventCount);
        }
        if (cpu != null) {
            m.put("gateway_cpu_pct", round(cpu.gatewayPercent(), 1));
            m.put("stub_cpu_pct", round(cpu.stubPercent(), 1));
            m.put("driver_cpu_pct", round(cpu.driverPercent(), 1));
            m.put("other_cpu_pct", round(Math.max(0, cpu.otherPercent()), 1));
            m.put("other_processes_cpu_pct", round(Math.max(0, cpu.otherProcessesPercent()), 1));
            m.put("steal_pct", round(cpu.stealPercent(), 1));
            if (o.completed > 0) {
                m.put("gateway_cpu_us_per_req", round(cpu.gatewayNanos() / 1000.0 / o.completed, 1));
                m.put("stub_cpu_us_per_req", round(cpu.stubNanos() / 1000.0 / o.completed, 1));
                m.put("driver_cpu_us_per_req", round(cpu.driverNanos() / 1000.0 / o.completed, 1));
            }
        }
        return m;
    }

    private static void latency(Measurement m, String prefix, Histogram h) {
        if (h.getTotalCount() == 0) {
            return;
        }
        m.put(prefix + "p50_ms", ms(h.getValueAtPercentile(50)));
        m.put(prefix + "p90_ms", ms(h.getValueAtPercentile(90)));
        m.put(prefix + "p99_ms", ms(h.getValueAtPercentile(99)));
        m.put(prefix + "p999_ms", ms(h.getValueAtPercentile(99.9)));
        m.put(prefix + "max_ms", ms(h.getMaxValue()));
    }

    void put(String key, double value) {
        if (value >= 0 || key.startsWith("added")) {
            values.put(key, value);
        }
    }

    Double get(String key) {
        return values.get(key);
    }

    /** per-key median over rounds: each reported number is a typical round's, not a lucky or unlucky one */
    static Measurement median(List<Measurement> rounds) {
        Measurement first = rounds.get(0);
        Measurement m = new Measurement(first.row, first.target);
        for (String key : first.values.keySet()) {
            List<Double> xs = new ArrayList<>();
            for (Measurement r : rounds) {
                Double v = r.values.get(key);
                if (v != null) {
                    xs.add(v);
                }
            }
            xs.sort(Double::compare);
            double med = xs.size() % 2 == 1 ? xs.get(xs.size() / 2)
                    : (xs.get(xs.size() / 2 - 1) + xs.get(xs.size() / 2)) / 2;
            m.values.put(key, round(med, 3));
        }
        return m;
    }

    Map<String, Object> json() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("row", row);
        j.put("target", target);
        j.putAll(values);
        return j;
    }

    static double ms(long nanos) {
        return round(nanos / 1_000_000.0, 3);
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
