package dev.switchboard.rest.internal.http;

import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.rest.internal.json.ImagesJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /v1/images/generations}, through the same pipeline as chat; answers {@code b64_json} or {@code url}. */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-images")
@HttpWhiteboardServletPattern("/v1/images/generations")
@HttpWhiteboardServletAsyncSupported
public final class ImageGenerationsServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public ImageGenerationsServlet() {
    }

    ImageGenerationsServlet(Gateway gateway, Authenticator authenticator) {
        this.gateway = gateway;
        this.authenticator = authenticator;
    }

    @Activate
    @Modified
    @Override
    void configure(RestConfig config) {
        super.configure(config);
    }

    @Override
    Gateway gateway() {
        return gateway;
    }

    @Override
    Authenticator authenticator() {
        return authenticator;
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        ImageRequest request = ImagesJson.read(body, length);
        return answer(context, () -> context.gateway().images(context.caller(), context.requestId(), request), (String) null,
                ImagesJson::write);
    }
}
