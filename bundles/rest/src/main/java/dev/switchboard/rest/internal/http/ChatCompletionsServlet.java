package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.rest.internal.json.ChatRequestReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code POST /v1/chat/completions}. After authentication the request goes async: the body is read with
 * non-blocking I/O ({@link RequestBody}: bounded in bytes and time), the gateway call runs asynchronously and
 * the answer is written without blocking ({@link ClientOutput}), so no thread waits on a slow client or provider.
 * Core's services are optional references: while core restarts the endpoint answers 503 instead of vanishing.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@HttpWhiteboardServletName("switchboard-chat-completions")
@HttpWhiteboardServletPattern(ChatCompletionsServlet.PATTERN)
@HttpWhiteboardServletAsyncSupported
public final class ChatCompletionsServlet extends PostServlet {

    static final String PATTERN = "/v1/chat/completions";

    private static final long serialVersionUID = 1L;

    private final transient ChatRequestReader reader = new ChatRequestReader();

    public ChatCompletionsServlet() {
    }

    ChatCompletionsServlet(Gateway gateway, Authenticator authenticator, long maxBodyBytes, long deadlineMillis) {
        this(gateway, authenticator, maxBodyBytes, deadlineMillis, 20_000, 524_288);
    }

    ChatCompletionsServlet(Gateway gateway, Authenticator authenticator, long maxBodyBytes, long deadlineMillis,
                           long bodyTimeoutMillis, int streamBufferBytes) {
        super(gateway, authenticator);
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineMillis = deadlineMillis;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.streamBufferBytes = streamBufferBytes;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.withContext(BearerAuthentication.authenticate(request, authenticator)
                .pinning(request.getHeader(CompletionExchange.PIN_HEADER),
                        request.getHeader(CompletionExchange.PIN_PROVIDER_HEADER)), request);
        long limit = maxBodyBytes;
        long contentLength = request.getContentLengthLong();
        if (contentLength > limit) {
            // read and dropped first (without blocking) when not far over, so a client still writing reads the 413
            RequestBody.refuseTooLarge(request, response, limit, contentLength, bodyTimeoutMillis, format().errors());
            return;
        }

        Map<String, Object> cacheControl = CacheControlHeader.parse(request.getHeader(CacheControlHeader.NAME));

        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        int bufferBytes = streamBufferBytes;
        RequestBody.read(async, response, limit, contentLength, bodyTimeoutMillis, (body, length) -> {
            ChatRequest chat = CacheControlHeader.apply(reader.read(new ByteArrayInputStream(body, 0, length)),
                    cacheControl);
            return chat.stream()
                    ? new StreamExchange(async, response, gateway, caller, chat, requestId, bufferBytes)
                    : CompletionExchange.chat(async, response, gateway, caller, requestId, chat);
        });
    }
}
