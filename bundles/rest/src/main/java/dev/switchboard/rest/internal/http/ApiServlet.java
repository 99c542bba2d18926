package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every endpoint shares: a request id on every response, 405 in OpenAI's shape for other methods,
 * any {@link GatewayException} thrown while handling turned into its error response, and anything else that
 * escapes (a bug, an {@link Error} such as OutOfMemoryError) into a logged 500 in the same shape, never
 * Jetty's HTML page.
 * Each subclass carries an explicit whiteboard servlet name: Pax Web 8 otherwise names a DS servlet after its
 * service interface, and every servlet after the first is refused as a duplicate.
 */
abstract class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

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
                throw ApiErrors.methodNotAllowed(request.getMethod(), request.getRequestURI(), allowHeader);
            }
            handle(request, response, requestId);
        } catch (GatewayException e) {
            if (e.status() == HttpServletResponse.SC_UNAUTHORIZED) {
                // counted before the answer leaves, so the client's next try already sees it
                RequestGuard.authenticationFailed(request, getServletContext());
            }
            ErrorResponse.send(response, e, format().errors());
        } catch (IOException e) {
            // the body could not be read (broken chunking, the client stopped sending) or the client went away
            LOG.debug("Request {} could not be read or answered", requestId, e);
            RequestGuard.refuse(request, response, ApiErrors.unreadableRequest(), format().errors());
        } catch (RuntimeException | Error e) {
            // Jetty's BadMessageException is the client's fault; this bundle does not import Jetty, hence the name
            boolean badMessage = e.getClass().getName().endsWith(".BadMessageException");
            RequestGuard.refuse(request, response,
                    badMessage ? ApiErrors.unreadableRequest() : ApiErrors.unexpected(requestId, e), format().errors());
        }
    }

    /** The API this endpoint speaks, for its answers and errors; OpenAI's unless overridden. */
    AnswerFormat format() {
        return AnswerFormat.OPENAI;
    }

    protected abstract void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException;
}
