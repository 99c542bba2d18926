package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.provider.ProviderRegistration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code mock} provider type: answers locally, with simulated latency and injected failures, so the
 * gateway can be tried, tested and load-tested without a real provider. Its configuration describes
 * the one instance it offers; instances an operator adds at run time carry the same keys in their
 * settings. A configuration change re-creates the component, so core sees the new instance. It registers
 * its service itself, like every provider ({@link ProviderRegistration}).
 */
@Component(service = {}, immediate = true, configurationPid = MockConfig.PID)
@Designate(ocd = MockConfig.class)
public final class MockProvider implements ModelProvider {

    public static final String TYPE = "mock";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final List<InstanceConfig> configured;
    private final LatencyTimer timer;
    private final Clock clock;
    private ProviderRegistration registration;

    @Activate
    public MockProvider(MockConfig config, Map<String, Object> properties) {
        this(configuredInstances(config, properties), LatencyTimer.sizedForThisMachine(), Clock.systemUTC());
    }

    MockProvider(MockConfig config) {
        this(config, Map.of());
    }

    MockProvider(List<InstanceConfig> configured, LatencyTimer timer, Clock clock) {
        this.configured = List.copyOf(configured);
        this.timer = timer;
        this.clock = clock;
    }

    /** @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly */
    static List<InstanceConfig> configuredInstances(MockConfig config) {
        return configuredInstances(config, Map.of());
    }

    /** {@code properties}: the raw configuration, whose {@code field.*} keys are core's policy for the instance. */
    static List<InstanceConfig> configuredInstances(MockConfig config, Map<String, Object> properties) {
        if (!config.enabled()) {
            return List.of();
        }
        MockSettings settings = MockSettings.from(config);
        Map<String, String> instanceSettings = new java.util.LinkedHashMap<>(settings.toMap());
        properties.forEach((key, value) -> {
            if (key.startsWith("field.") || key.startsWith("health.")) {
                instanceSettings.put(key, value instanceof String[] items ? String.join(",", items) : String.valueOf(value));
            }
        });
        String id = config.instance_id() == null || config.instance_id().isBlank() ? TYPE : config.instance_id().trim();
        return List.of(new InstanceConfig(id, TYPE, null, null,
                MockModels.parse(config.models(), config.input_price_per_mtok(), config.output_price_per_mtok(),
                        config.context_window()),
                1, instanceSettings));
    }

    @Activate
    void register(BundleContext context) {
        registration = ProviderRegistration.register(context, this);
    }

    @Deactivate
    void deactivate() {
        // first out of core's routing table, then fail what still waits on the timer
        if (registration != null) {
            registration.close();
        }
        timer.stop();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<InstanceConfig> configuredInstances() {
        return configured;
    }

    @Override
    public ProviderInstance createInstance(InstanceConfig config) {
        InstanceConfig.requireType(config, TYPE);
        return new MockInstance(config, MockSettings.from(config.settings()), timer, clock);
    }
}
