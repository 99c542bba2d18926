package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline-stage rows: the same closed loop through the gateway with the shipped pipeline, with a request the
 * memory cache answers, and with one plugin removed at a time, side by side in each round, so what a plugin costs
 * per request is the difference to the shipped row. Plugins are removed by stopping their bundles through the
 * Karaf console ({@code bundle:stop}: core drops their services and the request path runs without them), the
 * ledger's inserts by a store setting; everything is put back before the next stage.
 */
final class PipelineStages {

    /**
     * One stage: {@code stopped} the bundles not running while it is measured, {@code cacheHit} whether its request
     * is the cacheable one, {@code ledgerOff} whether the store's ledger queue is shrunk so entries are dropped,
     * {@code removedBy} how, as the report says it.
     */
    record Stage(String name, String removedBy, List<String> stopped, boolean cacheHit, boolean ledgerOff) {
    }

    static final String SHIPPED = "shipped";
    static final String RPM = "switchboard-quota-rpm";
    static final List<String> QUOTAS = List.of(RPM, "switchboard-quota-budget", "switchboard-quota-rate-limit");
    static final List<String> CACHES = List.of("switchboard-cache-memory", "switchboard-cache-grid");
    /** the store's ledger queue while the ledger stage is measured: every entry but one a flush is dropped at the offer */
    static final String LEDGER_QUEUE_OFF = "1";

    static final Stage SHIPPED_STAGE = new Stage(SHIPPED, "nothing: key auth, rpm quota (limit no run reaches), "
            + "budget and rate-limit quotas (none configured), memory and grid caches (the request has temperature "
            + "0.7: the cache policy skips them), metrics, usage ledger, webhooks (none configured)",
            List.of(), false, false);
    static final Stage CACHE_HIT = new Stage("cache hit", "the same request with temperature 0: the cache policy "
            + "admits it, the first answer is stored, every later one comes from the memory cache (x-switchboard-cache: "
            + "hit-l1)", List.of(), true, false);
    static final Stage NO_RPM = new Stage("- rpm quota", "bundle:stop " + RPM, List.of(RPM), false, false);
    static final Stage NO_QUOTAS = new Stage("- quotas", "bundle:stop " + String.join(" ", QUOTAS), QUOTAS, false,
            false);
    static final Stage NO_CACHES = new Stage("- caches", "bundle:stop " + String.join(" ", CACHES)
            + " (the request is not cacheable: what bound caches cost a request the policy skips)", CACHES, false, false);
    static final Stage NO_LEDGER = new Stage("- ledger writes", "etc/dev.switchboard.store.cfg ledger.queue.capacity = "
            + LEDGER_QUEUE_OFF + " (the store restarts; each entry is still made and offered, then dropped: what "
            + "goes is the batch inserts into H2)", List.of(), false, true);

    /** full runs: every stage; quick runs: the shipped row, a hit and two removals (a few seconds each) */
    static List<Stage> stages(boolean quick) {
        return quick ? List.of(SHIPPED_STAGE, CACHE_HIT, NO_QUOTAS, NO_CACHES)
                : List.of(SHIPPED_STAGE, CACHE_HIT, NO_RPM, NO_QUOTAS, NO_CACHES, NO_LEDGER);
    }

    /** What the stages do not remove, and why, for the report. */
    static final List<String> NOT_REMOVED = List.of(
            "Selection (round-robin) is not on the path of these rows: the model has one route, and core orders "
                    + "routes only when there are two or more (Pipeline.order), so stopping the strategy would "
                    + "measure nothing. With several routes and no strategy bound, core keeps registration order.",
            "Metrics cannot be turned off: they are core's own Dropwizard registry (no setting, no bundle of their "
                    + "own); the `metrics scrape` row shows what reading them costs.",
            "Key authentication is not a plugin (core's key ring); every stage row carries it.");

    private PipelineStages() {
    }

    /**
     * The console commands that take the gateway from the bundles {@code stoppedNow} to {@code stage}'s: start what
     * the stage needs back, stop what it removes; empty when nothing changes.
     */
    static String transition(Set<String> stoppedNow, Stage stage) {
        List<String> commands = new ArrayList<>();
        for (String bundle : stoppedNow) {
            if (!stage.stopped().contains(bundle)) {
                commands.add("bundle:start " + bundle);
            }
        }
        for (String bundle : stage.stopped()) {
            if (!stoppedNow.contains(bundle)) {
                commands.add("bundle:stop " + bundle);
            }
        }
        return String.join("; ", commands);
    }

    /**
     * The plugin bundles whose line in {@code bundle:list -s} output is not in the stage's state (stopped: Resolved,
     * every other plugin bundle the stages touch: Active), or missing; empty when all are as they should be.
     */
    static String unexpectedStates(String bundleList, Stage stage) {
        List<String> wrong = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>(QUOTAS);
        all.addAll(CACHES);
        for (String bundle : all) {
            String want = stage.stopped().contains(bundle) ? "Resolved" : "Active";
            String line = bundleList.lines().filter(l -> l.trim().endsWith(" " + bundle)).findFirst().orElse(null);
            if (line == null || !line.contains(want)) {
                wrong.add(bundle + " (want " + want + ": " + (line == null ? "not listed" : line.trim()) + ")");
            }
        }
        return String.join(", ", wrong);
    }

    static Set<String> stoppedAfter(Stage stage) {
        return new LinkedHashSet<>(stage.stopped());
    }

    /**
     * Per row (concurrency) and stage: req/s, p50, gateway CPU µs/req and their difference to the shipped stage of
     * the same row (throughput as a ratio). {@code medians} are the stages' median measurements, their target the
     * stage's name.
     */
    static List<Map<String, Object>> deltas(List<Measurement> medians, List<Stage> stages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String row : medians.stream().map(m -> m.row).distinct().toList()) {
            Measurement base = find(medians, row, SHIPPED);
            for (Stage stage : stages) {
                Measurement m = find(medians, row, stage.name());
                if (m == null) {
                    continue;
                }
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("row", row);
                d.put("stage", stage.name());
                d.put("removed_by", stage.removedBy());
                put(d, "req_per_s", m.get("req_per_s"));
                put(d, "p50_ms", m.get("p50_ms"));
                put(d, "gateway_cpu_us_per_req", m.get("gateway_cpu_us_per_req"));
                put(d, "errors", m.get("errors"));
                if (base != null && m != base) {
                    if (m.get("req_per_s") != null && base.get("req_per_s") != null && base.get("req_per_s") > 0) {
                        d.put("throughput_ratio", Measurement.round(m.get("req_per_s") / base.get("req_per_s"), 3));
                    }
                    difference(d, "delta_p50_ms", m.get("p50_ms"), base.get("p50_ms"), 3);
                    difference(d, "delta_gateway_cpu_us_per_req", m.get("gateway_cpu_us_per_req"),
                            base.get("gateway_cpu_us_per_req"), 1);
                }
                out.add(d);
            }
        }
        return out;
    }

    private static void put(Map<String, Object> d, String key, Double value) {
        if (value != null) {
            d.put(key, value);
        }
    }

    private static void difference(Map<String, Object> d, String key, Double value, Double base, int decimals) {
        if (value != null && base != null) {
            d.put(key, Measurement.round(value - base, decimals));
        }
    }

    private static Measurement find(List<Measurement> ms, String row, String target) {
        return ms.stream().filter(m -> m.row.equals(row) && m.target.equals(target)).findFirst().orElse(null);
    }
}
