package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Modified;

/**
 * A {@code POST} endpoint on core's services with the body and async bounds of {@link RestConfig}, set at
 * activation and on every change of the configuration (the subclass component names {@code configurationPid};
 * bnd reads {@link #configure} for it, see {@link GatewayServlet}).
 */
abstract class PostServlet extends GatewayServlet {

    private static final long serialVersionUID = 1L;

    volatile long maxBodyBytes = 1_048_576;
    volatile long deadlineMillis = 600_000;
    volatile long bodyTimeoutMillis = 20_000;
    volatile int streamBufferBytes = 524_288;

    PostServlet() {
        super("POST");
    }

    /** For tests: the services bound without DS. */
    PostServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator, "POST");
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        maxBodyBytes = config.max_body_bytes();
        deadlineMillis = config.async_timeout_ms();
        bodyTimeoutMillis = config.body_read_timeout_ms();
        streamBufferBytes = config.stream_buffer_bytes();
    }
}
