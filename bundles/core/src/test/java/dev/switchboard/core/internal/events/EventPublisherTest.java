package dev.switchboard.core.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class EventPublisherTest {

    private final List<Event> posted = new CopyOnWriteArrayList<>();
    private final List<Event> sent = new CopyOnWriteArrayList<>();
    private final EventAdmin eventAdmin = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            posted.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            sent.add(event);
        }
    };
    private final EventPublisher publisher = new EventPublisher(eventAdmin, "127.0.0.1:5701", () -> 1_700_000_000_000L);

    @Test
    public void postsOnTheTopicWithIdTypeTimeAndNodeAndLeavesNullsOut() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(EventProperties.KEY_ID, "key_1");
        properties.put(EventProperties.TENANT, null);
        publisher.publish(GatewayEventType.KEY_REVOKED, properties);
        publisher.publish(GatewayEventType.KEY_REVOKED, properties);

        assertThat(sent).as("never synchronous").isEmpty();
        assertThat(posted).hasSize(2);
        Event event = posted.get(0);
        assertThat(event.getTopic()).isEqualTo("dev/switchboard/key/revoked");
        assertThat(event.getProperty(EventProperties.TYPE)).isEqualTo("key.revoked");
        assertThat(event.getProperty(EventProperties.KEY_ID)).isEqualTo("key_1");
        assertThat(event.getProperty(EventProperties.TIMESTAMP)).isEqualTo(1_700_000_000_000L);
        assertThat(event.getProperty(EventProperties.NODE)).isEqualTo("127.0.0.1:5701");
        assertThat(event.containsProperty(EventProperties.TENANT)).isFalse();
        assertThat((String) event.getProperty(EventProperties.EVENT_ID)).startsWith("evt_")
                .isNotEqualTo(posted.get(1).getProperty(EventProperties.EVENT_ID));
    }

    @Test
    public void budgetThresholdCarriesTheBudgetsFigures() {
        publisher.budgetThreshold("acme", "monthly", null, 80, new BigDecimal("80.00"), new BigDecimal("100.00"));
        Event event = posted.get(0);
        assertThat(event.getTopic()).isEqualTo("dev/switchboard/budget/threshold");
        assertThat(event.getProperty(EventProperties.THRESHOLD)).isEqualTo(80);
        assertThat(event.getProperty(EventProperties.LIMIT)).isEqualTo("monthly");
        assertThat(event.getProperty(EventProperties.SPENT_USD)).isEqualTo(new BigDecimal("80.00"));
        assertThat(event.containsProperty(EventProperties.KEY_ID)).isFalse();
    }

    @Test
    public void aFailingEventAdminNeverReachesThePublisher() {
        EventPublisher failing = new EventPublisher(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                throw new IllegalStateException("stopping");
            }

            @Override
            public void sendEvent(Event event) {
                throw new IllegalStateException("stopping");
            }
        }, "n", System::currentTimeMillis);
        failing.publish(GatewayEventType.CONFIG_UPDATED, Map.of(EventProperties.SCOPE, "core"));
    }

    @Test
    public void theRelayDropsEventsWhileNothingIsBound() {
        EventRelay relay = new EventRelay();
        relay.keyRevoked("acme", "key_1");
        relay.bind(publisher);
        relay.keyRevoked("acme", "key_1");
        relay.configUpdated("instance", "eu", "added");
        relay.unbind(publisher);
        relay.keyRevoked("acme", "key_2");
        assertThat(posted).extracting(Event::getTopic)
                .containsExactly("dev/switchboard/key/revoked", "dev/switchboard/config/updated");
        assertThat(posted.get(1).getProperty(EventProperties.SUBJECT)).isEqualTo("eu");
    }

    @Test
    public void aBurstOfDenialsPublishesOncePerKeyAndLimitPerSecond() {
        AtomicLong now = new AtomicLong(1_000_000);
        EventRelay relay = new EventRelay(now::get);
        relay.bind(publisher);
        QuotaStrategy rpm = new QuotaStrategy() {
            @Override
            public String name() {
                return "rpm";
            }

            @Override
            public QuotaDecision check(QuotaRequest request) {
                return QuotaDecision.ADMIT;
            }
        };
        QuotaDecision denied = QuotaDecision.deny("no", Duration.ofSeconds(1), 5);
        QuotaRequest one = new QuotaRequest("key_1", "acme", "m1", 10);
        for (int i = 0; i < 100; i++) {
            relay.denied(rpm, one, denied);
        }
        relay.denied(rpm, new QuotaRequest("key_2", "acme", "m1", 10), denied);
        relay.concurrencyDenied("acme", "key_1", "m1", 4);
        assertThat(posted).hasSize(3);
        now.addAndGet(EventRelay.DENIAL_INTERVAL_MILLIS - 1);
        relay.denied(rpm, one, denied);
        assertThat(posted).hasSize(3);
        now.addAndGet(1);
        relay.denied(rpm, one, denied);
        assertThat(posted).hasSize(4);
    }
}
