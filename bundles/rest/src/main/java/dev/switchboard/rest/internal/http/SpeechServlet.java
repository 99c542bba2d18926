package dev.switchboard.rest.internal.http;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.rest.internal.json.SpeechJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /v1/audio/speech}: the audio is streamed to the client as the provider sends it ({@link PieceExchange}). */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-speech")
@HttpWhiteboardServletPattern("/v1/audio/speech")
@HttpWhiteboardServletAsyncSupported
public final class SpeechServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    public SpeechServlet() {
    }

    SpeechServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        SpeechRequest request = SpeechJson.read(body, length);
        return PieceExchange.audio(context, request);
    }
}
