package dev.switchboard.bench;

import java.util.List;
import java.util.Map;

/** The human-readable side of a run: the same numbers as latest.json, as Markdown tables. */
final class MarkdownReport {

    private MarkdownReport() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> json, List<Measurement> rows, List<Measurement> added,
            List<Map<String, Object>> targets, List<String> notes, List<Map<String, Object>> coldStart) {
        Map<String, Object> machine = (Map<String, Object>) json.get("machine");
        Map<String, Object> settings = (Map<String, Object>) json.get("settings");
        Map<String, Object> resources = (Map<String, Object>) json.get("resources");
        StringBuilder b = new StringBuilder();
        b.append("# Switchboard benchmark: gateway vs nginx vs direct\n\n");
        b.append(String.format("%s, commit `%s`, mode **%s** (%s round(s), median per number).%n%n",
                machine.get("date"), machine.get("commit"), settings.get("mode"), settings.get("rounds")));
        b.append(String.format("Machine: %s cores (`nproc`), %s, %s GiB RAM, %s, %s.%n%n", machine.get("nproc"),
                machine.get("cpu"), machine.get("ram_gib"), machine.get("jdk"), machine.get("os")));
        b.append(String.format("Load: %s-byte chat request (`%s`, not cacheable), %s s measured after %s s warm-up per "
                        + "row; open loop at %s req/s over %s connections; streams of %s chunks %s ms apart. "
                        + "Driver, stub and gateway share the same cores.%n%n",
                settings.get("request_bytes"), settings.get("model"), settings.get("measure_s"),
                settings.get("warmup_s"), num(settings.get("open_loop_rate_per_s"), 0),
                settings.get("open_loop_connections"), settings.get("stream_chunks"), settings.get("stream_gap_ms")));

        if (!targets.isEmpty()) {
            b.append("## Targets (issues 4 and 15)\n\n| target | goal | measured | met |\n|---|---|---|---|\n");
            for (Map<String, Object> t : targets) {
                b.append(String.format("| %s | %s | %s%s | %s |%n", t.get("target"), t.get("goal"),
                        num(t.get("measured"), 3), t.get("unit"), Boolean.TRUE.equals(t.get("met")) ? "yes" : "**no**"));
            }
            b.append('\n');
        }

        if (!coldStart.isEmpty()) {
            b.append(String.format("## Cold start: closed c=16 through the gateway from the moment `/health` said ready"
                    + "%n%nFirst start of a fresh unpack (no JIT profile, empty bundle cache just filled). Warm c=16 "
                    + "(the `closed c=16` row below): %s req/s; first 10 s: %s req/s = **%s of it**; a window first "
                    + "served >= 80 %% of it **%s s** after ready; last 10 s of "
                    + "the curve: %s req/s.%n%n| from s | req/s | errors |%n|---:|---:|---:|%n",
                    num(resources.get("cold_start_steady_c16_req_per_s"), 0),
                    num(resources.get("cold_start_first_10s_req_per_s"), 0),
                    num(resources.get("cold_start_first_10s_share_of_steady"), 2),
                    num(resources.get("cold_start_seconds_to_80pct_of_steady"), 1),
                    num(resources.get("cold_start_last_10s_req_per_s"), 0)));
            for (Map<String, Object> w : coldStart) {
                b.append(String.format("| %s | %s | %s |%n", num(w.get("from_s"), 1), num(w.get("req_per_s"), 0),
                        num(w.get("errors"), 0)));
            }
            b.append('\n');
        }

        b.append("## Requests (non-streaming), latency in ms\n\n");
        b.append("Targets: `direct` = the upstream alone, `nginx` = a keep-alive `proxy_pass` in front of it, `gateway` "
                + "= Switchboard with its pipeline. **added** = gateway - direct, *proxy added* = nginx - direct, "
                + "**vs nginx** = gateway - nginx (throughput as gateway/nginx). Rows marked (node upstream) call "
                + "the Node.js mock instead of the Jetty stub. `stack probe` rows: `jetty9-proxy` and `jetty12-proxy` are "
                + "minimal pass-through proxies (no pipeline) on Jetty 9.4 as the distribution ships it and on Jetty 12.1 "
                + "with one shared pool: the ceiling of each HTTP stack, their CPU in the gateway/nginx columns.\n\n");
        b.append("| row | target | req/s | p50 | p90 | p99 | p99.9 | max | errors | gateway/nginx CPU % | gateway/nginx CPU µs/req "
                + "| stub CPU µs/req | driver CPU µs/req | other processes CPU % | kernel + other CPU % | steal % |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : rows) {
            if (m.get("streams") != null) {
                continue;
            }
            String rowName = m.row + (m.get("due_rate_per_s") != null
                    ? " (" + num(m.get("due_rate_per_s"), 0) + "/s due)" : "");
            b.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", rowName,
                    m.target, num(m.get("req_per_s"), 0), num(m.get("p50_ms"), 3), num(m.get("p90_ms"), 3),
                    num(m.get("p99_ms"), 3), num(m.get("p999_ms"), 3), num(m.get("max_ms"), 3),
                    num(m.get("errors"), 0), num(m.get("gateway_cpu_pct"), 0), num(m.get("gateway_cpu_us_per_req"), 0),
                    num(m.get("stub_cpu_us_per_req"), 0), num(m.get("driver_cpu_us_per_req"), 0),
                    num(m.get("other_processes_cpu_pct"), 0), num(m.get("other_cpu_pct"), 0),
                    num(m.get("steal_pct"), 0)));
            for (String[] diff : DIFFERENCES) {
                Measurement a = diff[0].equals(m.target) ? find(added, m.row, diff[1]) : null;
                if (a != null) {
                    b.append(String.format("| %s | %s | %sx | %s | %s | %s | %s | %s | | | | | | | | |%n",
                            m.row, diff[2], num(a.get("throughput_ratio"), 2), signed(a.get("added_p50_ms")),
                            signed(a.get("added_p90_ms")), signed(a.get("added_p99_ms")),
                            signed(a.get("added_p999_ms")), signed(a.get("added_max_ms"))));
                }
            }
        }
        b.append('\n');

        b.append("## Streaming (SSE), ms\n\n");
        b.append("TTFB = send to first content chunk complete. Gaps = between consecutive content chunks as the client "
                + "sees them; a gap under half the stub's gap means chunks were held back and released together.\n\n");
        b.append("| row | target | streams | TTFB p50 | TTFB p90 | TTFB p99 | first byte p50 | gap p50 | gap p99 | "
                + "gap min | short gaps | wrong chunk count | gateway CPU % |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : rows) {
            if (m.get("streams") == null) {
                continue;
            }
            b.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s | %s |%n", m.row,
                    m.target, num(m.get("streams"), 0), num(m.get("ttfb_p50_ms"), 3), num(m.get("ttfb_p90_ms"), 3),
                    num(m.get("ttfb_p99_ms"), 3), num(m.get("first_byte_p50_ms"), 3), num(m.get("gap_p50_ms"), 3),
                    num(m.get("gap_p99_ms"), 3), num(m.get("gap_min_ms"), 3), num(m.get("short_gaps"), 0),
                    num(m.get("gaps"), 0), num(m.get("streams_wrong_event_count"), 0),
                    num(m.get("gateway_cpu_pct"), 0)));
            for (String[] diff : DIFFERENCES) {
                Measurement a = diff[0].equals(m.target) ? find(added, m.row, diff[1]) : null;
                if (a != null) {
                    b.append(String.format("| %s | %s | | %s | %s | %s | %s | %s | | | | | |%n", m.row, diff[2],
                            signed(a.get("added_ttfb_p50_ms")), signed(a.get("added_ttfb_p90_ms")),
                            signed(a.get("added_ttfb_p99_ms")), signed(a.get("added_first_byte_p50_ms")),
                            signed(a.get("added_gap_p50_ms"))));
                }
            }
        }
        b.append('\n');

        b.append("`upstream client` rows: the stub called from the bench JVM through the gateway's own upstream "
                + "client (the support bundle's pooled Jetty `HttpClient` and `JsonPost`, defaults as shipped), "
                + "closed loop: what one proxied call costs at least, before any gateway work. Its CPU is in the "
                + "driver column.\n\n");
        b.append("CPU % is of one core (200 % = both). \"Other processes\" is everything else running on the machine "
                + "(a build, another test); a high value means the row shared the machine. \"Kernel + other\" is all busy "
                + "CPU not charged to the driver, the stub or the gateway: other processes plus the kernel's loopback "
                + "network (softirq) work. \"Steal\" is CPU time the hypervisor gave to other guests while this one wanted it (of "
                + "200 %); rows with high steal measured a slower machine than the others.\n\n");

        if (!resources.isEmpty()) {
            b.append("## Gateway process\n\n| measure | value |\n|---|---:|\n");
            resources.forEach((k, v) -> b.append(String.format("| %s | %s |%n", k, num(v, 1))));
            b.append('\n');
        }
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    /** The pipeline-stage rows: each stage against the shipped pipeline in the same rounds. */
    static String stages(List<Map<String, Object>> stages, List<String> notRemoved) {
        if (stages.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Pipeline stages: what each plugin costs a request\n\n");
        b.append("Closed loop through the gateway, the same driver and settings as the rows above, each stage measured "
                + "in every round right after the others. **Δ** = stage - shipped (throughput as stage/shipped): a "
                + "removed plugin's cost is minus its Δ.\n\n");
        b.append("| row | stage | req/s | p50 ms | gateway CPU µs/req | errors | Δ req/s | Δ p50 ms | Δ CPU µs/req |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : stages) {
            b.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", s.get("row"), s.get("stage"),
                    num(s.get("req_per_s"), 0), num(s.get("p50_ms"), 3), num(s.get("gateway_cpu_us_per_req"), 1),
                    num(s.get("errors"), 0),
                    s.get("throughput_ratio") == null ? "" : num(s.get("throughput_ratio"), 2) + "x",
                    s.get("delta_p50_ms") == null ? "" : signed((Double) s.get("delta_p50_ms")),
                    s.get("delta_gateway_cpu_us_per_req") == null ? ""
                            : String.format("%+.1f", (Double) s.get("delta_gateway_cpu_us_per_req"))));
        }
        b.append("\nHow each stage was made:\n\n");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> s : stages) {
            if (seen.add((String) s.get("stage"))) {
                b.append("- `").append(s.get("stage")).append("`: ").append(s.get("removed_by")).append('\n');
            }
        }
        for (String n : notRemoved) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }

    /** c=16 before the 100 instances, over time right after they are live, and again after that load. */
    static String hotDeploy(List<Measurement> rows, List<Map<String, Object>> timeline, Map<String, Object> resources) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Hot deploy of 100 instances: closed c=16 on the bench model\n\n");
        b.append("The bench model has one route before and after; the 100 files are written to etc/ between the first "
                + "row and the windows. Settled ≈ before: the dip is re-warming; settled below before: a per-request "
                + "cost that grows with the number of instances.\n\n");
        b.append("| when | req/s | p50 ms | gateway CPU µs/req | errors |\n|---|---:|---:|---:|---:|\n");
        for (Measurement m : rows) {
            b.append(String.format("| %s | %s | %s | %s | %s |%n", m.target, num(m.get("req_per_s"), 0),
                    num(m.get("p50_ms"), 3), num(m.get("gateway_cpu_us_per_req"), 1), num(m.get("errors"), 0)));
        }
        b.append(String.format("%nFrom the moment all 100 were routable (JIT compilations during the deploy: %s, "
                        + "during the windows: %s; live heap after full GC with the 100: %s MB):%n%n",
                num(resources.get("instances_100_jit_compiles_during_deploy"), 0),
                num(resources.get("instances_100_jit_compiles_during_timeline"), 0),
                num(resources.get("heap_after_gc_mb_100_instances_after_load"), 1)));
        b.append("| from s | req/s | gateway CPU % | gateway CPU µs/req | errors |\n|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> w : timeline) {
            b.append(String.format("| %s | %s | %s | %s | %s |%n", num(w.get("from_s"), 1), num(w.get("req_per_s"), 0),
                    num(w.get("gateway_cpu_pct"), 0), num(w.get("gateway_cpu_us_per_req"), 1), num(w.get("errors"), 0)));
        }
        return b.toString();
    }

    /** after a row of target [0], the difference row [1], labelled [2] */
    private static final String[][] DIFFERENCES = {
            {BenchRun.PROXY, Targets.PROXY_ADDED, "*proxy added*"},
            {"gateway", Targets.ADDED, "**added**"},
            {"gateway", Targets.VS_PROXY, "**vs nginx**"},
            {StackProbe.JETTY9, Targets.vsProxy(StackProbe.JETTY9), "**jetty9-proxy vs nginx**"},
            {StackProbe.JETTY12, Targets.vsProxy(StackProbe.JETTY12), "**jetty12-proxy vs nginx**"}};

    private static Measurement find(List<Measurement> ms, String row, String target) {
        return ms.stream().filter(m -> m.row.equals(row) && m.target.equals(target)).findFirst().orElse(null);
    }

    private static String num(Object v, int decimals) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && decimals <= 1) {
                return Long.toString((long) d);
            }
            return String.format("%." + decimals + "f", d);
        }
        return v.toString();
    }

    private static String signed(Double v) {
        return v == null ? "" : String.format("%+.3f", v);
    }
}
