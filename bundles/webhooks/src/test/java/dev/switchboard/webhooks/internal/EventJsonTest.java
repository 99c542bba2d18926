package dev.switchboard.webhooks.internal;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class EventJsonTest {

    @Test
    public void writesTheEnvelopeAndThePropertiesAsData() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("event.topics", "dev/switchboard/budget/threshold");
        properties.put("event.id", "evt_1");
        properties.put("type", "budget.threshold");
        properties.put("tenant", "acme \"eu\"\n");
        properties.put("threshold", 80);
        properties.put("spent.usd", new BigDecimal("8.000"));
        properties.put("timestamp", 1_700_000_000_123L);
        String json = new String(EventJson.body("evt_1", "budget.threshold", 1_700_000_000_123L, properties),
                StandardCharsets.UTF_8);
        assertEquals("{\"id\":\"evt_1\",\"type\":\"budget.threshold\",\"created\":1700000000,\"data\":{"
                + "\"spent.usd\":8.000,\"tenant\":\"acme \\\"eu\\\"\\n\",\"threshold\":80,"
                + "\"timestamp\":1700000000123}}", json);
    }
}
