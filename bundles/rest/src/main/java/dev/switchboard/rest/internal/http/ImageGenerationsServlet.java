package dev.switchboard.rest.internal.http;

import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.rest.internal.json.ImagesJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
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

    public ImageGenerationsServlet() {
    }

    ImageGenerationsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        ImageRequest request = ImagesJson.read(body, length);
        return answer(context, () -> context.gateway().images(context.caller(), context.requestId(), request), (String) null,
                ImagesJson::write);
    }
}
