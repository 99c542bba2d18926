package dev.switchboard.provider.bedrock.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsAuth;
import dev.switchboard.support.aws.AwsEnvironment;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.provider.ProviderComponent;
import dev.switchboard.support.provider.ProviderKeys;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@code bedrock} provider type: Amazon Bedrock Runtime's Converse API. Its configuration describes the one
 * instance it offers, and only when credentials and a region are found (in the configuration, the environment or
 * the AWS profile files); instances an operator adds at run time take the same keys in their settings. Nothing
 * is called at activation: with no AWS credentials around, the bundle offers no instance and calls nothing.
 */
@Component(service = {}, immediate = true, configurationPid = BedrockConfig.PID)
@Designate(ocd = BedrockConfig.class)
public final class BedrockProvider extends ProviderComponent {

    public static final String TYPE = "bedrock";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING);

    private final UpstreamHttp http;
    private final AwsEnvironment environment;
    private final Clock clock;

    @Activate
    public BedrockProvider(@Reference UpstreamHttp http, BedrockConfig config, Map<String, Object> properties) {
        this(http, config, AwsEnvironment.system(), Clock.systemUTC(), properties);
    }

    BedrockProvider(UpstreamHttp http, BedrockConfig config, AwsEnvironment environment, Clock clock,
                    Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, clock, properties));
        this.http = http;
        this.environment = environment;
        this.clock = clock;
    }

    /** The bundle's own instance, when credentials and a region are found; none otherwise. */
    static List<InstanceConfig> configuredInstances(BedrockConfig config, AwsEnvironment environment, Clock clock,
                                                    Map<String, Object> properties) {
        if (!config.enabled()) {
            return List.of();
        }
        String id = ProviderKeys.instanceId(config.instance_id(), TYPE);
        InstanceConfig instance = new InstanceConfig(id, TYPE, config.base_url(), config.api_key(),
                ModelSpecs.parse(config.models()), config.weight(), BedrockSettings.toMap(config, properties));
        String profile = instance.settings().get(BedrockSettings.PROFILE);
        String region = instance.settings().get(BedrockSettings.REGION);
        if (region == null) {
            region = environment.region(profile);
        }
        if (region == null || BedrockAuth.resolve(config.api_key(), profile, environment, region, clock) == null) {
            return List.of();
        }
        BedrockSettings.from(instance, region);
        return List.of(instance);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        String profile = config.settings().get(BedrockSettings.PROFILE);
        BedrockSettings settings = BedrockSettings.from(config, environment.region(profile));
        AwsAuth auth = BedrockAuth.resolve(config.apiKey(), profile, environment, settings.region(), clock);
        if (auth == null) {
            throw new IllegalArgumentException("instance " + config.id() + " has no AWS credentials (api.key, "
                    + BedrockAuth.BEARER_VARIABLE + ", AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile)");
        }
        return new BedrockInstance(config, settings, auth, http.client(), clock);
    }
}
