package dev.switchboard.rest.internal.http;

import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.rest.internal.json.CompletionsJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The legacy {@code POST /v1/completions}, through the same pipeline as chat; with {@code stream}, OpenAI's
 * {@code text_completion} chunks as server-sent events, then {@code data: [DONE]} ({@link PieceExchange}).
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-completions")
@HttpWhiteboardServletPattern("/v1/completions")
@HttpWhiteboardServletAsyncSupported
public final class CompletionsServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    public CompletionsServlet() {
    }

    CompletionsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        CompletionsJson.Read read = CompletionsJson.readRequest(body, length);
        CompletionRequest request = read.request();
        if (read.stream()) {
            return new PieceExchange<CompletionChunk>(context,
                    (gateway, caller, requestId, listener) ->
                            gateway.completionsStream(caller, requestId, request, listener),
                    "text/event-stream; charset=utf-8",
                    (chunk, out) -> CompletionsJson.writeChunk(chunk, request.model(), read.includeUsage(), out),
                    CompletionsJson.DONE);
        }
        return answer(context, () -> context.gateway().completions(context.caller(), context.requestId(), request), (String) null,
                (response, out) -> CompletionsJson.write(response, request.model(), out));
    }
}
