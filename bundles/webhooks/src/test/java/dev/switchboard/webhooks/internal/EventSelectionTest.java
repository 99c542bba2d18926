package dev.switchboard.webhooks.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.switchboard.api.event.GatewayEventType;
import java.util.EnumSet;
import org.junit.Test;

public class EventSelectionTest {

    @Test
    public void namesAndFamiliesSelectTheirTopicsOnly() {
        EventSelection selection = EventSelection.parse(new String[] {"key.revoked", "quota.*"});
        assertArrayEquals(new String[] {"dev/switchboard/key/revoked", "dev/switchboard/quota/exceeded"},
                selection.topics());
        assertTrue(selection.accepts("dev/switchboard/key/revoked"));
        assertFalse(selection.accepts("dev/switchboard/rate-limit/exceeded"));
        assertFalse(selection.accepts("dev/switchboard/config/updated"));
        assertFalse(selection.accepts("org/osgi/framework/BundleEvent/STARTED"));
    }

    @Test
    public void starAndNothingMeanEveryEvent() {
        assertEquals(EnumSet.allOf(GatewayEventType.class), EventSelection.parse(new String[] {"*"}).types());
        assertEquals(EnumSet.allOf(GatewayEventType.class), EventSelection.parse(new String[0]).types());
        assertEquals(EnumSet.of(GatewayEventType.KEY_REVOKED, GatewayEventType.CONFIG_UPDATED),
                EventSelection.parse(new String[] {"key.revoked, config.updated"}).types());
    }

    @Test
    public void anUnknownNameIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventSelection.parse(new String[] {"key.revokd"}));
        assertTrue(e.getMessage().contains("key.revokd"));
    }

    @Test
    public void topicsFollowTheDocumentedNames() {
        assertEquals("dev/switchboard/rate-limit/exceeded", GatewayEventType.RATE_LIMIT_EXCEEDED.topic());
        assertEquals("dev/switchboard/budget/threshold", GatewayEventType.BUDGET_THRESHOLD.topic());
        for (GatewayEventType type : GatewayEventType.values()) {
            // EventAdmin's topic grammar: tokens of [A-Za-z0-9_-] separated by '/'
            assertTrue(type.topic(), type.topic().matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*"));
            assertEquals(type, GatewayEventType.ofTopic(type.topic()));
            assertEquals(type, GatewayEventType.ofName(type.eventName()));
        }
    }
}
