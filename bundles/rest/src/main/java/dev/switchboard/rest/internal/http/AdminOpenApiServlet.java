package dev.switchboard.rest.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /admin/openapi.json}: the OpenAPI 3 document of the admin API, a file of this bundle
 * ({@code openapi.json} next to this class) that every admin endpoint adds its paths to. Served without a key:
 * it describes the API, it holds nothing of anyone's.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-admin-openapi")
@HttpWhiteboardServletPattern(AdminOpenApiServlet.PATTERN)
public final class AdminOpenApiServlet extends ApiServlet {

    static final String PATTERN = "/admin/openapi.json";

    private static final long serialVersionUID = 1L;
    private static final byte[] DOCUMENT = load();

    public AdminOpenApiServlet() {
        super("GET");
    }

    private static byte[] load() {
        try (InputStream in = AdminOpenApiServlet.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        response.setContentType("application/json");
        response.setContentLength(DOCUMENT.length);
        response.getOutputStream().write(DOCUMENT);
    }
}
