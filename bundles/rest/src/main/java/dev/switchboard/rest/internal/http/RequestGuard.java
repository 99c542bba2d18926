package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * In front of every endpoint: {@code X-Content-Type-Options: nosniff} on every answer; 400 for paths with encoded
 * slashes or dot segments ({@link PathGuard}); 429 for an address that presented too many wrong keys
 * ({@link FailedAuthentications}), before its key is checked; each failed authentication (a 401 from an
 * endpoint) counted and written to the security log ({@link SecurityAudit}); and anything that escapes an
 * endpoint answered as OpenAI's JSON rather than Jetty's HTML page.
 */
@Component(service = Filter.class, configurationPid = RestConfig.PID)
@HttpWhiteboardFilterName("switchboard-request-guard")
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardFilterAsyncSupported
public final class RequestGuard implements Filter {

    static final String NOSNIFF_HEADER = "X-Content-Type-Options";
    /** Where Anthropic's SDKs put the key. */
    static final String API_KEY_HEADER = "x-api-key";
    private static final String CONTEXT_ATTRIBUTE = RequestGuard.class.getName();
    private static final String FAILURE_COUNTED = RequestGuard.class.getName() + ".failureCounted";

    private volatile ServletContext context;

    private volatile Settings settings = new Settings(20, 60_000, 10_000, new String[0], 120);

    public RequestGuard() {
    }

    RequestGuard(int failuresLimit, long windowMillis, int maxAddresses, String[] trustedProxies, int auditLines) {
        settings = new Settings(failuresLimit, windowMillis, maxAddresses, trustedProxies, auditLines);
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        settings = new Settings(config.auth_failures_limit(), config.auth_failures_window_ms(),
                config.auth_failures_max_addresses(), config.trusted_proxies(), config.audit_lines_per_minute());
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        response.setHeader(NOSNIFF_HEADER, "nosniff");
        if (PathGuard.refuses(request.getRequestURI())) {
            refuse(request, response, ApiErrors.refusedPath(), errorsFor(request));
            return;
        }
        Settings current = settings;
        // the address is only worked out while some address has failed recently
        // a key comes as Authorization or, on Anthropic's /v1/messages, as x-api-key: both are guesses
        if (current.failures.anyTracked()
                && (request.getHeader("Authorization") != null || request.getHeader(API_KEY_HEADER) != null)) {
            long blockedNanos = current.failures.blockedNanos(current.clientAddress.of(request));
            if (blockedNanos > 0) {
                refuse(request, response, ApiErrors.tooManyFailedAuthentications(Duration.ofNanos(blockedNanos)),
                        errorsFor(request));
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } catch (ServletException | RuntimeException | Error e) {
            // the endpoints answer their own errors; this is what escaped them (or the container around them)
            refuse(request, response, ApiErrors.unexpected(requestId(response), e));
            return;
        }
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED
                && request.getAttribute(FAILURE_COUNTED) == null) {
            // a 401 from an endpoint that did not report it itself
            failed(current, request);
        }
    }

    @Override
    public void init(FilterConfig config) {
        context = config.getServletContext();
        context.setAttribute(CONTEXT_ATTRIBUTE, this);
    }

    @Override
    public void destroy() {
        ServletContext known = context;
        if (known != null && known.getAttribute(CONTEXT_ATTRIBUTE) == this) {
            known.removeAttribute(CONTEXT_ATTRIBUTE);
        }
    }

    /**
     * Called by an endpoint as it answers 401, before the answer leaves: counted after it, the client's next try
     * could pass before the count. Reaches the guard through the context both share.
     */
    static void authenticationFailed(HttpServletRequest request, ServletContext servletContext) {
        Object guard = servletContext == null ? null : servletContext.getAttribute(CONTEXT_ATTRIBUTE);
        if (guard instanceof RequestGuard requestGuard) {
            request.setAttribute(FAILURE_COUNTED, Boolean.TRUE);
            failed(requestGuard.settings, request);
        }
    }

    private static void failed(Settings current, HttpServletRequest request) {
        String address = current.clientAddress.of(request);
        String header = request.getHeader("Authorization");
        String key = header == null ? null : BearerAuthentication.presentedKey(header);
        if (header == null && request.getHeader(API_KEY_HEADER) != null) {
            header = request.getHeader(API_KEY_HEADER);
            key = header.isBlank() ? null : header.trim();
        }
        String reason = header == null ? "no_key" : key == null ? "malformed_authorization" : "invalid_key";
        // only presented keys are guesses; a client that sends none is misconfigured, not guessing
        int failures = header == null ? 0 : current.failures.recordFailure(address);
        current.audit.authenticationFailed(address, request.getMethod(), request.getRequestURI(), reason, key,
                failures);
        if (failures == current.failures.limit()) {
            current.audit.addressBlocked(address, request.getRequestURI(), failures,
                    current.failures.blockedNanos(address) / 1_000_000);
        }
    }

    private static String requestId(HttpServletResponse response) {
        String known = response.getHeader(RequestId.HEADER);
        if (known != null) {
            return known;
        }
        String id = RequestId.next();
        response.setHeader(RequestId.HEADER, id);
        return id;
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, GatewayException error)
            throws IOException {
        refuse(request, response, error, errorsFor(request));
    }

    /** The error shape of the API the path belongs to: Anthropic's under /v1/messages, else OpenAI's. */
    static ErrorBodyWriter errorsFor(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path != null && path.startsWith(MessagesServlet.PATTERN)
                ? AnthropicFormat.INSTANCE.errors() : AnswerFormat.OPENAI.errors();
    }

    static void refuse(HttpServletRequest request, HttpServletResponse response, GatewayException error,
                       ErrorBodyWriter errors) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        requestId(response);
        ErrorResponse.send(response, error, errors);
        if (request.isAsyncStarted()) {
            try {
                request.getAsyncContext().complete();
            } catch (IllegalStateException alreadyCompleted) {
                // the exchange ended on its own meanwhile
            }
        }
    }

    /** One consistent set of limits; a configuration change starts with fresh counts. */
    private static final class Settings {
        final FailedAuthentications failures;
        final ClientAddress clientAddress;
        final SecurityAudit audit;

        Settings(int limit, long windowMillis, int maxAddresses, String[] trustedProxies, int auditLines) {
            failures = new FailedAuthentications(limit, windowMillis, maxAddresses, System::nanoTime);
            // a .cfg file gives "a, b" as one string
            clientAddress = new ClientAddress(trustedProxies == null ? Set.of()
                    : Arrays.stream(trustedProxies).flatMap(value -> Arrays.stream(value.split(",")))
                            .map(String::trim).filter(value -> !value.isEmpty()).collect(Collectors.toSet()));
            audit = new SecurityAudit(auditLines, System::nanoTime);
        }
    }
}
