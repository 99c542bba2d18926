package dev.switchboard.rest.internal.http;

import dev.switchboard.rest.internal.json.EmbeddingsJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /v1/embeddings}, through the same pipeline as chat; {@code encoding_format} float or base64. */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-embeddings")
@HttpWhiteboardServletPattern("/v1/embeddings")
@HttpWhiteboardServletAsyncSupported
public final class EmbeddingsServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    public EmbeddingsServlet() {
    }

    EmbeddingsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        EmbeddingsJson.Read read = EmbeddingsJson.read(body, length);
        return answer(context, () -> context.gateway().embeddings(context.caller(), context.requestId(), read.request()), (String) null,
                (response, out) -> EmbeddingsJson.write(response, read.request().model(), read.encoding(), out));
    }
}
