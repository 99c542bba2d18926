package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.rest.internal.json.ChatRequestReader;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code POST /v1/chat/completions}. The body is read on the container thread (it is small and bounded);
 * the gateway call runs asynchronously, so no container thread waits on a provider.
 * Core's services are optional references: while core restarts the endpoint answers 503 instead of vanishing.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@HttpWhiteboardServletName("switchboard-chat-completions")
@HttpWhiteboardServletPattern(ChatCompletionsServlet.PATTERN)
@HttpWhiteboardServletAsyncSupported
public final class ChatCompletionsServlet extends ApiServlet {

    static final String PATTERN = "/v1/chat/completions";

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Gateway gateway;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    private final transient ChatRequestReader reader = new ChatRequestReader();
    private volatile long maxBodyBytes = 1_048_576;
    private volatile long deadlineMillis = 600_000;

    public ChatCompletionsServlet() {
        super("POST");
    }

    ChatCompletionsServlet(Gateway gateway, Authenticator authenticator, long maxBodyBytes, long deadlineMillis) {
        this();
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineMillis = deadlineMillis;
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        maxBodyBytes = config.max_body_bytes();
        deadlineMillis = config.async_timeout_ms();
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.authenticate(request, authenticator);
        ChatRequest chat = readBody(request);

        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        if (chat.stream()) {
            StreamExchange.start(async, response, gateway, caller, chat, requestId);
        } else {
            CompletionExchange.start(async, response, gateway, caller, chat);
        }
    }

    private ChatRequest readBody(HttpServletRequest request) throws IOException {
        long limit = maxBodyBytes;
        if (request.getContentLengthLong() > limit) {
            throw ApiErrors.bodyTooLarge(limit);
        }
        try {
            return reader.read(new BoundedInputStream(request.getInputStream(), limit));
        } catch (BodyTooLargeException e) {
            throw ApiErrors.bodyTooLarge(limit);
        }
    }
}
