package dev.switchboard.provider.httptemplate.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ProviderComponent;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code http-template} provider type: a non-OpenAI HTTP API described by configuration alone (a request body
 * template, JSON pointers into the answer and the stream), no code. Each API is an operator instance
 * {@code etc/dev.switchboard.instance-<name>.cfg} with {@code type = http-template}; the bundle has no
 * configuration of its own and offers no instance by itself.
 */
@Component(service = {}, immediate = true)
public final class HttpTemplateProvider extends ProviderComponent {

    public static final String TYPE = "http-template";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final UpstreamHttp http;
    private final UnaryOperator<String> environment;

    @Activate
    public HttpTemplateProvider(@Reference UpstreamHttp http) {
        this(http, System::getenv);
    }

    HttpTemplateProvider(UpstreamHttp http, UnaryOperator<String> environment) {
        super(TYPE, CAPABILITIES, List.of());
        this.http = http;
        this.environment = environment;
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        return new HttpTemplateInstance(config, HttpTemplateSettings.from(config, environment), http.client());
    }
}
