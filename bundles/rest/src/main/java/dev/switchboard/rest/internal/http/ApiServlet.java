package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * What every endpoint shares: a request id on every response, 405 in OpenAI's shape for other methods,
 * and any {@link GatewayException} thrown while handling turned into its error response.
 * Each subclass carries an explicit whiteboard servlet name: Pax Web 8 otherwise names a DS servlet after its
 * service interface, and every servlet after the first is refused as a duplicate.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final Set<String> methods;
    private final String allowHeader;

    ApiServlet(String... methods) {
        this.methods = Set.of(methods);
        this.allowHeader = String.join(", ", methods);
    }

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = RequestId.next();
        response.setHeader(RequestId.HEADER, requestId);
        try {
            if (!methods.contains(request.getMethod())) {
                response.setHeader("Allow", allowHeader);
                throw ApiErrors.methodNotAllowed(request.getMethod(), request.getRequestURI());
            }
            handle(request, response, requestId);
        } catch (GatewayException e) {
            ErrorResponse.send(response, e);
        }
    }

    protected abstract void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException;
}
