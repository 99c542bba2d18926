package dev.switchboard.support.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

public class ProviderComponentTest {

    private static final InstanceConfig OWN = new InstanceConfig("acme", "acme", null, "sk-secret",
            ModelSpecs.parse(new String[] {"acme-1"}), 1, Map.of());

    private final AtomicReference<Object> service = new AtomicReference<>();
    private final AtomicReference<Dictionary<String, ?>> properties = new AtomicReference<>();
    private final AtomicInteger unregistered = new AtomicInteger();

    @Test
    public void publishesItsServiceWithTheTypePropertyOnlyAndWithdrawsItOnce() {
        AcmeProvider provider = new AcmeProvider();

        provider.publish(context());
        provider.withdraw();
        provider.withdraw();

        assertThat(service.get()).isSameAs(provider);
        assertThat(Collections.list(properties.get().keys())).containsExactly(ModelProvider.TYPE_PROPERTY);
        assertThat(properties.get().get(ModelProvider.TYPE_PROPERTY)).isEqualTo("acme");
        assertThat(unregistered.get()).isEqualTo(1);
    }

    @Test
    public void withdrawingWhatWasNeverPublishedIsQuiet() {
        new AcmeProvider().withdraw();

        assertThat(unregistered.get()).isZero();
    }

    @Test
    public void answersItsTypeCapabilitiesAndOwnInstances() {
        AcmeProvider provider = new AcmeProvider();

        assertThat(provider.type()).isEqualTo("acme");
        assertThat(provider.capabilities()).containsExactly(Capability.CHAT);
        assertThat(provider.configuredInstances()).containsExactly(OWN);
    }

    @Test
    public void refusesAnInstanceOfAnotherTypeBeforeBuildingIt() {
        AcmeProvider provider = new AcmeProvider();

        assertThatThrownBy(() -> provider.createInstance(new InstanceConfig("x", "other", null, null, List.of(), 1,
                Map.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other'");
        assertThatThrownBy(() -> provider.createInstance(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(provider.built).isZero();

        assertThatThrownBy(() -> provider.createInstance(OWN)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("built acme");
        assertThat(provider.built).isEqualTo(1);
    }

    private BundleContext context() {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if ("unregister".equals(method.getName())) {
                        unregistered.incrementAndGet();
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if ("registerService".equals(method.getName()) && args[0] == ModelProvider.class) {
                        service.set(args[1]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> dictionary = (Dictionary<String, ?>) args[2];
                        properties.set(dictionary);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final class AcmeProvider extends ProviderComponent {

        int built;

        AcmeProvider() {
            super("acme", Set.of(Capability.CHAT), List.of(OWN));
        }

        @Override
        protected ProviderInstance newInstance(InstanceConfig config) {
            built++;
            throw new UnsupportedOperationException("built " + config.id());
        }
    }
}
