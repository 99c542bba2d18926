package dev.switchboard.provider.azureopenai.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ConfiguredSettings;
import dev.switchboard.support.provider.ProviderComponent;
import dev.switchboard.support.provider.ProviderKeys;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code azure-openai} provider type: Azure OpenAI chat completions, on the classic per-deployment paths or
 * the {@code /openai/v1} surface, with the resource key ({@code api-key}) or a Microsoft Entra ID bearer token.
 * Its configuration describes the one instance it offers, and only when an endpoint and a credential are set
 * (in the configuration or in {@code AZURE_OPENAI_ENDPOINT} and {@code AZURE_OPENAI_API_KEY} /
 * {@code AZURE_OPENAI_AD_TOKEN}), so nothing calls Azure by default. The wire format is support's, shared with
 * the {@code openai} bundle.
 */
@Component(service = {}, immediate = true, configurationPid = AzureOpenAiConfig.PID)
@Designate(ocd = AzureOpenAiConfig.class)
public final class AzureOpenAiProvider extends ProviderComponent {

    public static final String TYPE = "azure-openai";
    static final String ENDPOINT_VARIABLE = "AZURE_OPENAI_ENDPOINT";
    static final String KEY_VARIABLE = "AZURE_OPENAI_API_KEY";
    static final String TOKEN_VARIABLE = "AZURE_OPENAI_AD_TOKEN";
    // azure-identity's names for an application's credentials
    static final String CLIENT_ID_VARIABLE = "AZURE_CLIENT_ID";
    static final String TENANT_ID_VARIABLE = "AZURE_TENANT_ID";
    static final String CLIENT_SECRET_VARIABLE = "AZURE_CLIENT_SECRET";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING, Capability.EMBEDDINGS,
            Capability.IMAGES, Capability.AUDIO);

    private final UpstreamHttp http;

    @Activate
    public AzureOpenAiProvider(@Reference UpstreamHttp http, AzureOpenAiConfig config, Map<String, Object> properties) {
        this(http, config, System::getenv, properties);
    }

    AzureOpenAiProvider(UpstreamHttp http, AzureOpenAiConfig config, UnaryOperator<String> environment,
                        Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, properties));
        this.http = http;
    }

    /**
     * The instance the configuration asks for, or none without endpoint or credential.
     *
     * @throws IllegalArgumentException naming the key that is wrong, so activation fails visibly
     */
    static List<InstanceConfig> configuredInstances(AzureOpenAiConfig config, UnaryOperator<String> environment,
                                                    Map<String, Object> properties) {
        String endpoint = ProviderKeys.resolve(config.endpoint(), environment, ENDPOINT_VARIABLE);
        boolean bearer = "bearer".equalsIgnoreCase(config.auth().trim()) || "entra".equalsIgnoreCase(config.auth().trim());
        // bearer: an Entra application (client id and secret) whose tokens the instance fetches, else one token
        String clientId = bearer ? ProviderKeys.resolve(config.client_id(), environment, CLIENT_ID_VARIABLE) : null;
        String clientSecret = clientId == null ? null
                : ProviderKeys.resolve(config.client_secret(), environment, CLIENT_SECRET_VARIABLE);
        boolean application = clientId != null && clientSecret != null;
        String credential = application ? clientSecret
                : bearer ? ProviderKeys.resolve(config.token(), environment, TOKEN_VARIABLE)
                : ProviderKeys.resolve(config.api_key(), environment, KEY_VARIABLE);
        if (!config.enabled() || endpoint == null || credential == null) {
            return List.of();
        }
        String id = ProviderKeys.instanceId(config.instance_id(), TYPE);
        ConfiguredSettings settings = ConfiguredSettings.from(properties)
                .put(AzureOpenAiSettings.AUTH, config.auth())
                .put(AzureOpenAiSettings.SURFACE, config.surface())
                .put(AzureOpenAiSettings.API_VERSION, config.api_version())
                .put(AzureOpenAiSettings.RESPONSES_API_VERSION, config.responses_api_version());
        if (application) {
            settings.put(AzureOpenAiSettings.ENTRA_CLIENT_ID, clientId)
                    .put(AzureOpenAiSettings.ENTRA_TENANT_ID, ProviderKeys.resolve(config.tenant_id(), environment, TENANT_ID_VARIABLE))
                    .put(AzureOpenAiSettings.ENTRA_TOKEN_ENDPOINT, config.token_endpoint())
                    .put(AzureOpenAiSettings.ENTRA_SCOPE, config.scope());
        }
        settings.put(AzureOpenAiSettings.DEPLOYMENTS, String.join(",", config.deployments()))
                .put(AzureOpenAiSettings.CONNECT_TIMEOUT_MS, config.connect_timeout_ms())
                .put(AzureOpenAiSettings.REQUEST_TIMEOUT_MS, config.request_timeout_ms())
                .put(AzureOpenAiSettings.STREAM_IDLE_TIMEOUT_MS, config.stream_idle_timeout_ms());
        InstanceConfig instance = new InstanceConfig(id, TYPE, endpoint, credential, ModelSpecs.parse(config.models()),
                config.weight(), settings.toMap());
        AzureOpenAiSettings.from(instance);
        return List.of(instance);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        ProviderKeys.require(config, "API key, token or Entra client secret");
        AzureOpenAiSettings settings = AzureOpenAiSettings.from(config);
        AzureOpenAiInstance instance = new AzureOpenAiInstance(config, settings, http.client());
        // an Entra application's first token, fetched while the instance is made (not on a request)
        instance.start(settings.connectTimeout());
        return instance;
    }
}
