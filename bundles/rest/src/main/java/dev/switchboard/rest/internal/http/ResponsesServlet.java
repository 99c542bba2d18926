package dev.switchboard.rest.internal.http;

import dev.switchboard.rest.internal.json.ResponsesJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.rest.internal.json.BodyFields;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /v1/responses}, the Responses API. Passed through where the model's instances have it themselves
 * ({@code ResponsesCapable}: the body as sent, the answer and every streamed event as the upstream sent them);
 * otherwise mapped onto chat ({@link ResponsesJson}) so every chat route serves it: plain (a {@code response}
 * object) or streamed (the Responses API's own events, {@link ResponsesEventWriter}), with chat's admission,
 * failover, accounting and non-blocking writes.
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-responses")
@HttpWhiteboardServletPattern("/v1/responses")
@HttpWhiteboardServletAsyncSupported
public final class ResponsesServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    public ResponsesServlet() {
    }

    ResponsesServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        BodyFields fields = ResponsesJson.fields(body, length);
        if (context.gateway().passesResponsesThrough(fields.requiredString("model"))) {
            ResponsesRequest request = ResponsesJson.passthrough(fields);
            if (request.stream()) {
                return new PieceExchange<ResponsesEvent>(context,
                        (gateway, caller, requestId, listener) ->
                                gateway.responsesStream(caller, requestId, request, listener),
                        "text/event-stream; charset=utf-8", ResponsesJson::writeEvent, null);
            }
            return answer(context, () -> context.gateway().responses(context.caller(), context.requestId(), request), (String) null,
                    (answer, out) -> out.write(answer.body()));
        }
        ResponsesJson.Read read = ResponsesJson.read(fields);
        String responseId = "resp_" + context.requestId().substring(context.requestId().indexOf('_') + 1);
        ResponsesFormat format = new ResponsesFormat(read, responseId, System.currentTimeMillis() / 1000);
        return read.chat().stream()
                ? new StreamExchange(context.async(), context.response(), context.gateway(), context.caller(),
                        read.chat(), context.requestId(), context.streamBufferBytes(), format)
                : CompletionExchange.chat(context.async(), context.response(), context.gateway(), context.caller(),
                        context.requestId(), read.chat(), format);
    }
}
