package dev.switchboard.support.http.internal;

import dev.switchboard.support.http.UpstreamBuffers;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttp;
import dev.switchboard.support.http.UpstreamHttpSettings;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the shared upstream client; a configuration change restarts it with the new settings. */
@Component(service = UpstreamHttp.class, configurationPid = UpstreamHttp.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UpstreamHttpConfig.class)
public final class UpstreamHttpComponent implements UpstreamHttp {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamHttpComponent.class);

    private final HttpClient client;

    @Activate
    public UpstreamHttpComponent(UpstreamHttpConfig config) throws Exception {
        UpstreamHttpSettings settings = new UpstreamHttpSettings(config.max_connections_per_destination(),
                config.max_queued_per_destination(), Duration.ofMillis(config.connect_timeout_ms()),
                Duration.ofMillis(config.idle_timeout_ms()), config.min_threads(), config.max_threads(),
                config.selectors(), config.user_agent(), config.max_buffered_bytes(), config.max_response_bytes(),
                config.max_event_bytes());
        this.client = UpstreamClients.startPooledClient(settings);
        LOG.info("Upstream HTTP client started: {}; answers held in memory up to {} bytes", settings,
                UpstreamBuffers.of(client).maxTotalBytes());
    }

    @Override
    public HttpClient client() {
        return client;
    }

    @Deactivate
    void deactivate() throws Exception {
        client.stop();
        LOG.info("Upstream HTTP client stopped");
    }
}
