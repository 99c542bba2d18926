package dev.switchboard.rest.internal.http;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** Catches every {@code /v1} path no endpoint claims, so clients get OpenAI's 404 JSON rather than an HTML page. */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-unknown-path")
@HttpWhiteboardServletPattern(UnknownPathServlet.PATTERN)
public final class UnknownPathServlet extends ApiServlet {

    static final String PATTERN = "/v1/*";

    private static final long serialVersionUID = 1L;

    public UnknownPathServlet() {
        super("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        throw ApiErrors.unknownPath(request.getMethod(), request.getRequestURI());
    }
}
