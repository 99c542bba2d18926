package dev.switchboard.core.internal.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.LimitDefinitions;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.NoSuchElementException;
import org.junit.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

public class ConfiguredLimitsTest {

    /** The one configuration ConfigAdmin holds here, as Karaf's .cfg gives it: one comma-separated string. */
    private Dictionary<String, Object> properties = new Hashtable<>(java.util.Map.of("budgets",
            "name=acme; scope=tenant:acme; limit.usd=100, name=globex; scope=tenant:globex; limit.usd=5",
            "hold.seconds", "900"));
    private int updates;

    private final ConfigurationAdmin admin = (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                if (method.getName().equals("getConfiguration")) {
                    assertThat(args[0]).isEqualTo("dev.switchboard.quota.budget");
                    return configuration();
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private Configuration configuration() {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> properties;
                    case "update" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> next = (Dictionary<String, Object>) args[0];
                        properties = next;
                        updates++;
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ConfiguredLimits limits() {
        ConfiguredLimits limits = new ConfiguredLimits(admin);
        limits.bindQuota(new TestBudgets());
        return limits;
    }

    @Test
    public void readsTheDefinitionsAsTheConfigurationListsThem() {
        assertThat(limits().definitions(null)).extracting(LimitDefinitions.Definition::name)
                .containsExactly("acme", "globex");
        assertThat(limits().definitions("rate-limit")).isEmpty();
    }

    @Test
    public void aDefinitionReplacesTheOneOfItsNameAndKeepsTheOtherSettings() {
        limits().define("budget", "name=acme; scope=tenant:acme; limit.usd=250");
        assertThat(properties.get("budgets")).isEqualTo(
                "name=globex; scope=tenant:globex; limit.usd=5, name=acme; scope=tenant:acme; limit.usd=250");
        assertThat(properties.get("hold.seconds")).isEqualTo("900");
        assertThat(limits().remove("budget", "globex")).isTrue();
        assertThat(limits().remove("budget", "globex")).isFalse();
        assertThat(properties.get("budgets")).isEqualTo("name=acme; scope=tenant:acme; limit.usd=250");
        assertThat(updates).isEqualTo(2);
    }

    @Test
    public void anInvalidDefinitionOrUnknownStrategyChangesNothing() {
        assertThatThrownBy(() -> limits().define("budget", "name=x; limit.usd=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
        assertThatThrownBy(() -> limits().define("nope", "name=x; scope=*; limit.usd=1"))
                .isInstanceOf(NoSuchElementException.class);
        assertThat(updates).isZero();
    }
}
