package dev.switchboard.rest.internal.http;

import dev.switchboard.rest.internal.json.EmbeddingsJson;
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

/** {@code POST /v1/embeddings}, through the same pipeline as chat; {@code encoding_format} float or base64. */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-embeddings")
@HttpWhiteboardServletPattern("/v1/embeddings")
@HttpWhiteboardServletAsyncSupported
public final class EmbeddingsServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    public EmbeddingsServlet() {
    }

    EmbeddingsServlet(Gateway gateway, Authenticator authenticator) {
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
        EmbeddingsJson.Read read = EmbeddingsJson.read(body, length);
        return answer(context, () -> context.gateway().embeddings(context.caller(), context.requestId(), read.request()), (String) null,
                (response, out) -> EmbeddingsJson.write(response, read.request().model(), read.encoding(), out));
    }
}
