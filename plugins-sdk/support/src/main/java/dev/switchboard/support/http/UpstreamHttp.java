package dev.switchboard.support.http;

import org.eclipse.jetty.client.HttpClient;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one pooled, non-blocking HTTP client that all provider bundles share, registered as an OSGi service
 * by the support bundle (configuration PID {@value #PID}). Provider bundles reference this service instead
 * of owning connection pools or threads: keep-alive connections to the same upstream are reused across
 * instances and bundles, and the threads stop with the support bundle.
 *
 * <p>The client is started and configured for upstream calls: redirects are not followed, no cookies are
 * kept (nothing leaks between tenants or instances), the User-Agent names Switchboard only. Do not stop it
 * or change its settings; per-call options (timeouts, headers) belong on the request, which
 * {@link JsonPost} builds.
 */
@ProviderType
public interface UpstreamHttp {

    String PID = "dev.switchboard.support.http";

    /** The started, shared Jetty client. */
    HttpClient client();
}
