package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.junit.Test;

/** Reading a provider type's own configuration, as the start-up warm-up asks whether a mock is to come. */
public class InstanceConfigurationsTest {

    /** ConfigAdmin holding these configurations by PID; answers the {@code (service.pid=...)} filter only. */
    private static ConfigurationAdmin admin(Map<String, Dictionary<String, Object>> byPid, List<String> filters) {
        return (ConfigurationAdmin) Proxy.newProxyInstance(InstanceConfigurationsTest.class.getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String filter = (String) args[0];
                    filters.add(filter);
                    String pid = filter.substring("(service.pid=".length(), filter.length() - 1);
                    Dictionary<String, Object> properties = byPid.get(pid);
                    return properties == null ? null : new Configuration[] {configuration(properties)};
                });
    }

    private static Configuration configuration(Dictionary<String, Object> properties) {
        return (Configuration) Proxy.newProxyInstance(InstanceConfigurationsTest.class.getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("getProperties")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return properties;
                });
    }

    private static Dictionary<String, Object> properties(Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static boolean mockOn(Map<String, Dictionary<String, Object>> byPid) throws Exception {
        return InstanceConfigurations.of(admin(byPid, new ArrayList<>())).providerConfiguredOn("mock");
    }

    @Test
    public void aProviderIsConfiguredOnWhenItsOwnConfigurationExistsAndIsNotSwitchedOff() throws Exception {
        List<String> filters = new ArrayList<>();
        assertThat(InstanceConfigurations.of(admin(Map.of("dev.switchboard.provider.mock", properties("x", "1")),
                filters)).providerConfiguredOn("mock")).isTrue();
        assertThat(filters).containsExactly("(service.pid=dev.switchboard.provider.mock)");
        assertThat(mockOn(Map.of("dev.switchboard.provider.mock", properties("enabled", "true")))).isTrue();
        assertThat(mockOn(Map.of("dev.switchboard.provider.mock", properties("enabled", true)))).isTrue();
    }

    @Test
    public void aProviderIsNotConfiguredOnWithoutItsConfigurationOrWhenSwitchedOff() throws Exception {
        assertThat(mockOn(Map.of())).isFalse();
        assertThat(mockOn(Map.of("dev.switchboard.provider.openai", properties("x", "1")))).isFalse();
        assertThat(mockOn(Map.of("dev.switchboard.provider.mock", properties("enabled", " FALSE ")))).isFalse();
        assertThat(mockOn(Map.of("dev.switchboard.provider.mock", properties("enabled", false)))).isFalse();
    }

    @Test
    public void theHealthServletWaitsForAMockOnlyWhenOneIsConfiguredOn() {
        HealthServlet health = new HealthServlet((host, port) -> true);
        assertThat(health.mockConfiguredOn()).isFalse(); // no ConfigAdmin
        ConfigurationAdmin on = admin(Map.of("dev.switchboard.provider.mock", properties("x", "1")), new ArrayList<>());
        health.bindConfigurationAdmin(on);
        assertThat(health.mockConfiguredOn()).isTrue();
        assertThat(health.mockExpected.getAsBoolean()).isTrue();
        health.unbindConfigurationAdmin(on);
        assertThat(health.mockConfiguredOn()).isFalse();
        health.bindConfigurationAdmin(admin(Map.of("dev.switchboard.provider.mock", properties("enabled", "false")),
                new ArrayList<>()));
        assertThat(health.mockConfiguredOn()).isFalse();
    }
}
