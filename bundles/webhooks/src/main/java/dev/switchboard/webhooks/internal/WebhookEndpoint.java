package dev.switchboard.webhooks.internal;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.switchboard.api.event.EventProperties;
import dev.switchboard.api.event.GatewayEventType;
import dev.switchboard.support.http.UpstreamHttp;
import java.net.URI;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured webhook ({@code etc/dev.switchboard.webhook-<name>.cfg}): an EventAdmin handler of the topics
 * its {@code events} select, which hands each event to its {@link WebhookDelivery}. EventAdmin calls it on its
 * own thread for posted events; queueing is all that happens there.
 */
@Component(configurationPid = "dev.switchboard.webhook", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = WebhookConfig.class, factory = true)
public final class WebhookEndpoint implements EventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    private static final String METRICS_PREFIX = "switchboard.webhooks.";

    private final String name;
    private final EventSelection selection;
    private final WebhookDelivery delivery;
    private final ServiceRegistration<EventHandler> registration;
    private volatile MetricRegistry metrics;

    @Activate
    public WebhookEndpoint(@Reference UpstreamHttp http, WebhookConfig config, Map<String, Object> properties,
                           BundleContext context) {
        this.name = name(properties);
        URI url = url(config.url());
        this.selection = EventSelection.parse(config.events());
        this.delivery = new WebhookDelivery(name, url, new WebhookSignature(config.secret()),
                new RetrySchedule(config.max_attempts(), config.initial_backoff_ms(), config.max_backoff_ms(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                Duration.ofMillis(config.timeout_ms()), config.queue_capacity(), config.max_in_flight(), http.client(),
                System::currentTimeMillis);
        Dictionary<String, Object> handler = new Hashtable<>();
        handler.put(EventConstants.EVENT_TOPIC, selection.topics());
        this.registration = context.registerService(EventHandler.class, this, handler);
        // the URL may hold a token in its query: the host and path only
        LOG.info("Webhook '{}' delivers {} to {}://{}{}", name, selection.types().stream()
                .map(GatewayEventType::eventName).toList(), url.getScheme(), url.getAuthority(), url.getPath());
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        delivery.close();
        MetricRegistry registry = metrics;
        if (registry != null) {
            registry.removeMatching((metric, value) -> metric.startsWith(METRICS_PREFIX + name + "."));
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (!selection.accepts(event.getTopic())) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        for (String property : event.getPropertyNames()) {
            properties.put(property, event.getProperty(property));
        }
        GatewayEventType type = GatewayEventType.ofTopic(event.getTopic());
        Object id = properties.get(EventProperties.EVENT_ID);
        Object timestamp = properties.get(EventProperties.TIMESTAMP);
        String eventId = id == null ? "evt_" + UUID.randomUUID().toString().replace("-", "") : id.toString();
        long millis = timestamp instanceof Long at ? at : System.currentTimeMillis();
        delivery.offer(new WebhookDelivery.Pending(eventId, type.eventName(),
                EventJson.body(eventId, type.eventName(), millis, properties)));
    }

    /** Delivery counters in the gateway's registry (Prometheus at /metrics), while core offers it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, target = "(name=switchboard)")
    void bindMetrics(MetricRegistry registry) {
        String prefix = METRICS_PREFIX + name + ".";
        DeliveryStats stats = delivery.stats();
        try {
            registry.register(prefix + "delivered", (Gauge<Long>) stats.delivered::get);
            registry.register(prefix + "retried", (Gauge<Long>) stats.retried::get);
            registry.register(prefix + "failed", (Gauge<Long>) stats.failed::get);
            registry.register(prefix + "dropped", (Gauge<Long>) stats.dropped::get);
            registry.register(prefix + "queued", (Gauge<Integer>) delivery::queued);
            metrics = registry;
        } catch (IllegalArgumentException taken) {
            LOG.warn("Webhook '{}': metrics not registered ({})", name, taken.getMessage());
        }
    }

    void unbindMetrics(MetricRegistry registry) {
        if (metrics == registry) {
            metrics = null;
            registry.removeMatching((metric, value) -> metric.startsWith(METRICS_PREFIX + name + "."));
        }
    }

    DeliveryStats stats() {
        return delivery.stats();
    }

    /** The factory configuration's name ({@code webhook-<name>.cfg}), else its PID. */
    private static String name(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String path = file.toString();
            String base = path.substring(path.lastIndexOf('/') + 1);
            int dash = base.indexOf('-');
            int dot = base.lastIndexOf('.');
            if (dash >= 0 && dot > dash + 1) {
                return base.substring(dash + 1, dot).replaceAll("[^A-Za-z0-9_-]", "_");
            }
        }
        Object pid = properties.get("service.pid");
        return pid == null ? "webhook" : pid.toString().replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static URI url(String configured) {
        URI url;
        try {
            url = URI.create(configured == null ? "" : configured.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a webhook's url is not a URL");
        }
        if (!List.of("http", "https").contains(String.valueOf(url.getScheme()).toLowerCase()) || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook's url must be http(s)://host/...");
        }
        return url;
    }
}
