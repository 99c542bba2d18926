package dev.switchboard.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class PipelineStagesTest {

    @Test
    public void aTransitionStartsWhatTheNextStageNeedsBackAndStopsWhatItRemoves() {
        Set<String> now = new LinkedHashSet<>(List.of(PipelineStages.RPM));
        assertEquals("bundle:stop switchboard-quota-budget; bundle:stop switchboard-quota-rate-limit",
                PipelineStages.transition(now, PipelineStages.NO_QUOTAS));
        Set<String> quotasOff = PipelineStages.stoppedAfter(PipelineStages.NO_QUOTAS);
        assertEquals("bundle:start switchboard-quota-rpm; bundle:start switchboard-quota-budget; "
                        + "bundle:start switchboard-quota-rate-limit; bundle:stop switchboard-cache-memory; "
                        + "bundle:stop switchboard-cache-grid",
                PipelineStages.transition(quotasOff, PipelineStages.NO_CACHES));
        assertEquals("", PipelineStages.transition(Set.of(), PipelineStages.CACHE_HIT));
    }

    @Test
    public void everyStageOfAFullRunIsLeftByReturningToTheShippedPipeline() {
        for (PipelineStages.Stage stage : PipelineStages.stages(false)) {
            String back = PipelineStages.transition(PipelineStages.stoppedAfter(stage), PipelineStages.SHIPPED_STAGE);
            assertFalse(back.contains("bundle:stop"));
            assertEquals(stage.stopped().size(), back.isEmpty() ? 0 : back.split("; ").length);
        }
    }

    @Test
    public void theBundleListingMustShowTheStagesBundlesStoppedAndTheOthersActive() {
        String listing = String.join("\n",
                "START LEVEL 100 , List Threshold: 0",
                " ID │ State    │ Lvl │ Version        │ Symbolic name",
                " 91 │ Resolved │  80 │ 0.1.0.SNAPSHOT │ switchboard-quota-rpm",
                " 92 │ Active   │  80 │ 0.1.0.SNAPSHOT │ switchboard-quota-budget",
                " 93 │ Active   │  80 │ 0.1.0.SNAPSHOT │ switchboard-quota-rate-limit",
                " 94 │ Active   │  80 │ 0.1.0.SNAPSHOT │ switchboard-cache-memory",
                " 95 │ Active   │  80 │ 0.1.0.SNAPSHOT │ switchboard-cache-grid");
        assertEquals("", PipelineStages.unexpectedStates(listing, PipelineStages.NO_RPM));
        assertEquals("switchboard-quota-rpm (want Active: 91 │ Resolved │  80 │ 0.1.0.SNAPSHOT │ switchboard-quota-rpm)",
                PipelineStages.unexpectedStates(listing, PipelineStages.SHIPPED_STAGE));
        assertFalse(PipelineStages.unexpectedStates("", PipelineStages.SHIPPED_STAGE).isEmpty());
    }

    @Test
    public void deltasAreAgainstTheShippedStageOfTheSameRow() {
        Measurement shipped = m("pipeline c=16", PipelineStages.SHIPPED, 1000, 1.0, 100);
        Measurement noRpm = m("pipeline c=16", PipelineStages.NO_RPM.name(), 1250, 0.8, 80);
        Measurement shipped1 = m("pipeline c=1", PipelineStages.SHIPPED, 300, 0.3, 200);
        Measurement noRpm1 = m("pipeline c=1", PipelineStages.NO_RPM.name(), 330, 0.28, 190);
        List<Map<String, Object>> d = PipelineStages.deltas(List.of(shipped, noRpm, shipped1, noRpm1),
                List.of(PipelineStages.SHIPPED_STAGE, PipelineStages.NO_RPM));
        assertEquals(4, d.size());
        assertNull(d.get(0).get("throughput_ratio"));
        assertEquals(1.25, d.get(1).get("throughput_ratio"));
        assertEquals(-0.2, d.get(1).get("delta_p50_ms"));
        assertEquals(-20.0, d.get(1).get("delta_gateway_cpu_us_per_req"));
        assertEquals("pipeline c=1", d.get(3).get("row"));
        assertEquals(1.1, d.get(3).get("throughput_ratio"));
        assertEquals(-10.0, d.get(3).get("delta_gateway_cpu_us_per_req"));
    }

    @Test
    public void theCacheHitRequestIsTheShippedOneWithTemperatureZero() {
        String hit = BenchRun.cacheableChatBody("m");
        assertEquals(BenchRun.chatBody("m", false).replace("0.7", "0"), hit);
        assertFalse(hit.contains("0.7"));
    }

    private static Measurement m(String row, String stage, double rps, double p50, double cpu) {
        Measurement m = new Measurement(row, stage);
        m.put("req_per_s", rps);
        m.put("p50_ms", p50);
        m.put("gateway_cpu_us_per_req", cpu);
        return m;
    }
}
