package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.provider.Capability;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelSpecs;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.aws.AwsCredentials;
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
 * The {@code sagemaker} provider type: chat containers on SageMaker real-time endpoints. Offers its configured
 * instance only when endpoints are listed and AWS credentials and a region are found; calls nothing otherwise.
 */
@Component(service = {}, immediate = true, configurationPid = SageMakerConfig.PID)
@Designate(ocd = SageMakerConfig.class)
public final class SageMakerProvider extends ProviderComponent {

    public static final String TYPE = "sagemaker";

    private static final Set<Capability> CAPABILITIES = Set.of(Capability.CHAT, Capability.CHAT_STREAMING,
            Capability.IMAGES, Capability.VIDEO);

    private final UpstreamHttp http;
    private final AwsEnvironment environment;
    private final Clock clock;

    @Activate
    public SageMakerProvider(@Reference UpstreamHttp http, SageMakerConfig config, Map<String, Object> properties) {
        this(http, config, AwsEnvironment.system(), Clock.systemUTC(), properties);
    }

    SageMakerProvider(UpstreamHttp http, SageMakerConfig config, AwsEnvironment environment, Clock clock,
                      Map<String, Object> properties) {
        super(TYPE, CAPABILITIES, configuredInstances(config, environment, properties));
        this.http = http;
        this.environment = environment;
        this.clock = clock;
    }

    static List<InstanceConfig> configuredInstances(SageMakerConfig config, AwsEnvironment environment,
                                                    Map<String, Object> properties) {
        if (!config.enabled() || config.models().length == 0) {
            return List.of();
        }
        String id = ProviderKeys.instanceId(config.instance_id(), TYPE);
        InstanceConfig instance = new InstanceConfig(id, TYPE, config.base_url(), config.api_key(),
                ModelSpecs.parse(config.models()), config.weight(), SageMakerSettings.toMap(config, properties));
        if (instance.models().isEmpty()) {
            return List.of();
        }
        String profile = instance.settings().get(SageMakerSettings.PROFILE);
        String region = instance.settings().getOrDefault(SageMakerSettings.REGION, environment.region(profile));
        if (region == null || credentials(config.api_key(), profile, environment) == null) {
            return List.of();
        }
        SageMakerSettings.from(instance, region);
        return List.of(instance);
    }

    /** {@code accessKeyId:secretAccessKey[:sessionToken]} from the instance, else the AWS environment or profile. */
    static AwsCredentials credentials(String apiKey, String profile, AwsEnvironment environment) {
        if (apiKey != null && !apiKey.isBlank()) {
            String[] parts = apiKey.trim().split(":", 3);
            if (parts.length < 2) {
                throw new IllegalArgumentException("api.key must be accessKeyId:secretAccessKey[:sessionToken]");
            }
            return new AwsCredentials(parts[0], parts[1], parts.length > 2 ? parts[2] : null);
        }
        return environment.credentials(profile);
    }

    @Override
    protected ProviderInstance newInstance(InstanceConfig config) {
        String profile = config.settings().get(SageMakerSettings.PROFILE);
        SageMakerSettings settings = SageMakerSettings.from(config, environment.region(profile));
        AwsCredentials credentials = credentials(config.apiKey(), profile, environment);
        if (credentials == null) {
            throw new IllegalArgumentException("instance " + config.id() + " has no AWS credentials (api.key, "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile)");
        }
        return new SageMakerInstance(config, settings, credentials, http.client(), clock);
    }
}
