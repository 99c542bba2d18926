package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.rest.internal.json.MessagesRequestReader;
import java.io.IOException;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Anthropic's Messages API inbound: {@code POST /v1/messages} (streamed or not) and
 * {@code POST /v1/messages/count_tokens}, so clients built on Anthropic's SDKs use the gateway unmodified. The
 * request is read into the same {@link ChatRequest} as {@code /v1/chat/completions} and goes through the same
 * pipeline (keys, quotas, cache, routing to any provider, failover); only the wire format on this side differs
 * ({@link AnthropicFormat}), errors included. The key comes in {@code x-api-key}, as Anthropic's SDKs send it, or
 * as a Bearer token. Body reading and writing are the chat endpoint's: non-blocking and bounded.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-messages")
@HttpWhiteboardServletPattern({MessagesServlet.PATTERN, MessagesServlet.COUNT_TOKENS})
@HttpWhiteboardServletAsyncSupported
public final class MessagesServlet extends PostServlet {

    static final String PATTERN = "/v1/messages";
    static final String COUNT_TOKENS = "/v1/messages/count_tokens";

    private static final long serialVersionUID = 1L;

    private final transient MessagesRequestReader reader = new MessagesRequestReader();

    public MessagesServlet() {
    }

    MessagesServlet(Gateway gateway, Authenticator authenticator, long maxBodyBytes, long deadlineMillis) {
        super(gateway, authenticator);
        this.maxBodyBytes = maxBodyBytes;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    AnswerFormat format() {
        return AnthropicFormat.INSTANCE;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.withContext(authenticate(request, authenticator)
                .pinning(request.getHeader(CompletionExchange.PIN_HEADER),
                        request.getHeader(CompletionExchange.PIN_PROVIDER_HEADER)), request);
        long limit = maxBodyBytes;
        long contentLength = request.getContentLengthLong();
        if (contentLength > limit) {
            // read and dropped first (without blocking) when not far over, so a client still writing reads the 413
            RequestBody.refuseTooLarge(request, response, limit, contentLength, bodyTimeoutMillis, format().errors());
            return;
        }
        boolean countTokens = COUNT_TOKENS.equals(request.getServletPath() + nullToEmpty(request.getPathInfo()))
                || request.getRequestURI().endsWith(COUNT_TOKENS);

        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        int bufferBytes = streamBufferBytes;
        RequestBody.read(async, response, limit, contentLength, bodyTimeoutMillis, AnthropicFormat.INSTANCE.errors(),
                (body, length) -> {
                    ChatRequest chat = reader.read(body, length);
                    if (countTokens) {
                        return new TokenCountExchange(async, response, chat);
                    }
                    return chat.stream()
                            ? new StreamExchange(async, response, gateway, caller, chat, requestId, bufferBytes,
                                    AnthropicFormat.INSTANCE)
                            : CompletionExchange.chat(async, response, gateway, caller, requestId, chat,
                                    AnthropicFormat.INSTANCE);
                });
    }

    /** {@code x-api-key} (Anthropic's SDKs) or {@code Authorization: Bearer}; the same keys as everywhere. */
    static Caller authenticate(HttpServletRequest request, Authenticator authenticator) {
        String key = request.getHeader(RequestGuard.API_KEY_HEADER);
        if (key == null || key.isBlank()) {
            String header = request.getHeader("Authorization");
            key = header == null ? null : BearerAuthentication.presentedKey(header);
        }
        if (key == null || key.isBlank()) {
            throw ApiErrors.missingAnthropicKey();
        }
        return BearerAuthentication.local(authenticator.authenticate(key.trim()).orElseThrow(ApiErrors::invalidKey),
                request);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
