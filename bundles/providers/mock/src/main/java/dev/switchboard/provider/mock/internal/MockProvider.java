package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.ProviderComponent;
import dev.switchboard.support.provider.ProviderKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code mock} provider type: answers locally, with simulated latency and injected failures, so the
 * gateway can be tried, tested and load-tested without a real provider. Its configuration describes
 * the one instance it offers; instances an operator adds at run time carry the same keys in their
 * settings. A configuration change re-creates the component, so core sees the new instance.
 */
@Component(service = {}, immediate = true, configurationPid = MockConfig.PID)
@Designate(ocd = MockConfig.class)
public final class MockProvider extends ProviderComponent {

    public static final String TYPE = "mock";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final LatencyTimer timer;
    private final Clock clock;

    @Activate
    public MockProvider(MockConfig config, Map<String, Object> properties) {
        this(configuredInstances(config, properties), LatencyTimer.sizedForThisMachine(), Clock.systemUTC());
    }

    MockProvider(MockConfig config) {
        this(config, Map.of());
    }

    MockProvider(List<InstanceConfig> configured, LatencyTimer timer, Clock clock) {
        super(TYPE, CAPABILITIES, configured);
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
        ConfiguredSettings instanceSettings = ConfiguredSettings.from(properties);
        MockSettings.from(config).toMap().forEach(instanceSettings::put);
        String id = ProviderKeys.instanceId(config.instance_id(), TYPE);
        return List.of(new InstanceConfig(id, TYPE, null, null,
                MockModels.parse(config.models(), config.input_price_per_mtok(), config.output_price_per_mtok(),
                        config.context_window()),
                1, instanceSettings.toMap()));
    }

    /** First out of core's routing table, then fails what still waits on the timer. */
    @Override
    public void withdraw() {
        super.withdraw();
        timer.stop();
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        return new MockInstance(config, MockSettings.from(config.settings()), timer, clock);
    }
}
