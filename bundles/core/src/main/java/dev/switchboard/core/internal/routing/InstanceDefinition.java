package dev.switchboard.core.internal.routing;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelSpecs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider instance an operator defined as a factory configuration of {@code dev.switchboard.instance}
 * (e.g. {@code etc/dev.switchboard.instance-eu.cfg}): {@code id}, {@code type}, {@code base.url},
 * {@code api.key}, {@code models} (the {@link ModelSpecs} form), {@code weight}; every other key is passed to
 * the provider as a setting, and {@code field.*} keys are core's policy of what may be sent to the instance
 * ({@link FieldPolicy}). Removing the file removes the instance.
 */
@Component(configurationPid = "dev.switchboard.instance", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class InstanceDefinition {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceDefinition.class);
    private static final Set<String> OWN_KEYS = Set.of("id", "type", "base.url", "api.key", "models", "weight");

    private final OperatorInstances gateway;
    private final String id;

    @Activate
    public InstanceDefinition(@Reference OperatorInstances gateway, Map<String, Object> properties) {
        this.gateway = gateway;
        InstanceConfig config = read(properties);
        this.id = config.id();
        gateway.add(config);
    }

    @Deactivate
    void deactivate() {
        gateway.remove(id);
    }

    static InstanceConfig read(Map<String, Object> properties) {
        String id = text(properties.get("id"));
        String type = text(properties.get("type"));
        if (id == null || type == null) {
            String message = "An instance definition needs 'id' and 'type' (" + properties.get("service.pid") + ")";
            LOG.error(message);
            throw new IllegalArgumentException(message);
        }
        List<ModelInfo> models = ModelSpecs.parse(list(properties.get("models")).toArray(String[]::new));
        Map<String, String> settings = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!OWN_KEYS.contains(key) && !key.startsWith("service.") && !key.startsWith("component.")
                    && !key.startsWith("felix.") && !key.startsWith("osgi.")) {
                // a typed config file may give a list (field.deny, field.allowed.*) as an array
                settings.put(key, value instanceof String[] items ? String.join(",", items) : String.valueOf(value));
            }
        });
        String weight = text(properties.get("weight"));
        return new InstanceConfig(id, type, text(properties.get("base.url")), text(properties.get("api.key")), models,
                weight == null ? 1 : Integer.parseInt(weight), settings);
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().trim();
    }

    /** Karaf config files give lists as arrays, or as one comma-separated string. */
    private static List<String> list(Object value) {
        if (value == null) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        if (value instanceof String[] array) {
            items.addAll(Arrays.asList(array));
        } else {
            items.addAll(Arrays.asList(value.toString().split(",")));
        }
        items.replaceAll(String::trim);
        items.removeIf(String::isEmpty);
        return items;
    }
}
