package dev.switchboard.rest.internal.http;

import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** {@code POST /v1/audio/transcriptions} and {@code /v1/audio/translations}: a multipart upload bounded by {@code max.upload.bytes}, read without blocking like every body; the answer in the format asked for. */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-transcriptions")
@HttpWhiteboardServletPattern({"/v1/audio/transcriptions", "/v1/audio/translations"})
@HttpWhiteboardServletAsyncSupported
public final class TranscriptionsServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    public TranscriptionsServlet() {
    }

    TranscriptionsServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    private volatile long maxUploadBytes = 26_214_400;

    @Activate
    @Modified
    @Override
    void configure(RestConfig config) {
        super.configure(config);
        maxUploadBytes = config.max_upload_bytes();
    }

    void maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
    }

    @Override
    long bodyLimit() {
        return maxUploadBytes;
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        boolean translate = context.request().getRequestURI().endsWith("/translations");
        TranscriptionRequest request = TranscriptionForm.read(
                MultipartForm.parse(context.request().getContentType(), body, length), translate);
        return answer(context, () -> context.gateway().transcribe(context.caller(), context.requestId(), request),
                Transcription::contentType, (transcription, out) -> out.write(transcription.body()));
    }
}
