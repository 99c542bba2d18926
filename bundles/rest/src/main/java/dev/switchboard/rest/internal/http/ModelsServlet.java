package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.ModelListing;
import dev.switchboard.rest.internal.json.ModelListWriter;
import java.io.IOException;
import java.util.List;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}} (ids may contain slashes). */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-models")
@HttpWhiteboardServletPattern({ModelsServlet.LIST_PATTERN, ModelsServlet.ONE_PATTERN})
public final class ModelsServlet extends GatewayServlet {

    static final String LIST_PATTERN = "/v1/models";
    static final String ONE_PATTERN = "/v1/models/*";

    private static final long serialVersionUID = 1L;
    private static final ModelListWriter WRITER = new ModelListWriter();

    public ModelsServlet() {
        super("GET");
    }

    ModelsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator, "GET");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        BearerAuthentication.authenticate(request, authenticator);
        List<ModelListing> models = gateway.models();
        String path = request.getPathInfo();
        response.setContentType("application/json");
        if (path == null || path.equals("/")) {
            WRITER.writeList(models, response.getOutputStream());
            return;
        }
        String id = path.substring(1);
        for (ModelListing model : models) {
            if (model.model().id().equals(id)) {
                WRITER.writeOne(model, response.getOutputStream());
                return;
            }
        }
        throw GatewayException.modelNotFound(id);
    }
}
