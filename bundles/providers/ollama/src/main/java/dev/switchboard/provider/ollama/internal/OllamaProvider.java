package dev.switchboard.provider.ollama.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelProvider;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.ProviderKeys;
import dev.switchboard.support.provider.ProviderRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code ollama} provider: the DS component. It offers one instance when a server is named ({@code base.url}
 * or {@code OLLAMA_HOST}), serving the configured models and those the server lists ({@code /api/tags}, read now
 * and every {@code refresh.interval.ms}).
 *
 * <p>Core reads an instance's models when it builds its routing table, so a changed model list is published the
 * way a bundle upgrade is: a new {@link OllamaModels} service with the new list is registered beside the old one,
 * then the old one is unregistered, and core moves the instance ids over in one table swap; no request finds the
 * model unserved in between.
 */
@Component(service = {}, immediate = true, configurationPid = OllamaConfig.PID)
@Designate(ocd = OllamaConfig.class)
public final class OllamaProvider {

    public static final String TYPE = "ollama";
    static final String HOST_VARIABLE = "OLLAMA_HOST";

    private final UpstreamHttp http;
    private final InstanceConfig template;
    private final List<ModelInfo> configuredModels;
    private final OllamaDiscovery discovery;
    private BundleContext context;
    private ProviderRegistration registration;
    private List<ModelInfo> served;
    private boolean stopped;

    @Activate
    public OllamaProvider(@Reference UpstreamHttp http, OllamaConfig config, Map<String, Object> properties) {
        this(http, config, System::getenv, properties);
    }

    OllamaProvider(UpstreamHttp http, OllamaConfig config, UnaryOperator<String> environment,
                   Map<String, Object> properties) {
        this.http = http;
        this.template = configuredInstance(config, environment, properties);
        this.configuredModels = template == null ? List.of() : template.models();
        this.served = configuredModels;
        this.discovery = template == null || !config.discover() ? null : new OllamaDiscovery(http.client(),
                OllamaSettings.from(template).tags(), Duration.ofMillis(Math.max(0, config.refresh_interval_ms())),
                this::discovered);
    }

    @Activate
    void register(BundleContext context) {
        synchronized (this) {
            this.context = context;
            registration = ProviderRegistration.register(context, models(served));
        }
        if (discovery != null) {
            discovery.start();
        }
    }

    @Deactivate
    void unregister() {
        if (discovery != null) {
            discovery.stop();
        }
        synchronized (this) {
            stopped = true;
            if (registration != null) {
                registration.close();
            }
        }
    }

    /** A model list from the server: published when it changes what is served. */
    void discovered(List<String> names) {
        List<ModelInfo> next = merge(configuredModels, names);
        synchronized (this) {
            if (stopped || context == null || next.equals(served)) {
                return;
            }
            served = next;
            // the new service first, then the old one goes: core hands the instance over in one table swap
            ProviderRegistration previous = registration;
            registration = ProviderRegistration.register(context, models(next));
            previous.close();
        }
    }

    /** The instance with its current models, or none when no server is named. */
    OllamaModels models(List<ModelInfo> models) {
        List<InstanceConfig> instances = template == null ? List.of() : List.of(new InstanceConfig(template.id(),
                TYPE, template.baseUrl(), template.apiKey(), models, template.weight(), template.settings()));
        return new OllamaModels(http, instances);
    }

    synchronized List<ModelInfo> served() {
        return served;
    }

    /**
     * The configured models first (served even before they are pulled: a call then says to pull them), then each
     * discovered one not among them, free; {@code name:latest} is served under {@code name} too, as Ollama
     * accepts both.
     */
    static List<ModelInfo> merge(List<ModelInfo> configured, List<String> discovered) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        configured.forEach(model -> models.put(model.id(), model));
        for (String name : discovered) {
            models.putIfAbsent(name, ModelInfo.text(name, "0", "0", 0));
            if (name.endsWith(":latest")) {
                String shortName = name.substring(0, name.length() - ":latest".length());
                models.putIfAbsent(shortName, ModelInfo.text(shortName, "0", "0", 0));
            }
        }
        return List.copyOf(new ArrayList<>(models.values()));
    }

    /**
     * The configured instance, or {@code null} without a server.
     *
     * @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly
     */
    static InstanceConfig configuredInstance(OllamaConfig config, UnaryOperator<String> environment,
                                             Map<String, Object> properties) {
        String base = config.base_url() == null || config.base_url().isBlank()
                ? environment.apply(HOST_VARIABLE) : config.base_url();
        if (!config.enabled() || base == null || base.isBlank()) {
            return null;
        }
        Map<String, String> settings = ConfiguredSettings.from(properties)
                .put(OllamaSettings.CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(OllamaSettings.REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(OllamaSettings.STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms())
                .toMap();
        // no key is needed (a local server); one set is sent as a bearer token (a proxy in front of it)
        String key = ProviderKeys.resolve(config.api_key(), name -> null);
        InstanceConfig instance = new InstanceConfig(ProviderKeys.instanceId(config.instance_id(), TYPE), TYPE,
                OllamaSettings.baseUrl(base), key, ModelSpecs.parse(config.models()), config.weight(), settings);
        OllamaSettings.from(instance);
        return instance;
    }
}
