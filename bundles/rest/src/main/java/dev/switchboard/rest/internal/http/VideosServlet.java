package dev.switchboard.rest.internal.http;

import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.api.Outcome;
import dev.switchboard.rest.internal.json.VideosJson;
import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Gateway;
import java.io.IOException;
import javax.servlet.Servlet;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code POST /v1/videos} (OpenAI's Videos API), through the same pipeline as every endpoint: JSON or multipart
 * (bounded by {@code max.upload.bytes}, as an input image may ride along). The gateway answers once the video is
 * made, with the {@code video} object at {@code status: completed}; the video itself is kept in the {@link VideoStore}
 * for {@code GET /v1/videos/{id}/content} ({@link VideoRetrievalServlet}).
 */
@Component(service = Servlet.class, configurationPid = RestConfig.PID)
@HttpWhiteboardServletName("switchboard-videos")
@HttpWhiteboardServletPattern("/v1/videos")
@HttpWhiteboardServletAsyncSupported
public final class VideosServlet extends EndpointServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private volatile VideoStore store;

    private volatile long maxUploadBytes = 26_214_400;

    public VideosServlet() {
    }

    VideosServlet(Gateway gateway, Authenticator authenticator, VideoStore store) {
        super(gateway, authenticator);
        this.store = store;
    }

    @Activate
    @Modified
    @Override
    void configure(RestConfig config) {
        super.configure(config);
        maxUploadBytes = config.max_upload_bytes();
    }

    @Override
    long bodyLimit() {
        return maxUploadBytes;
    }

    @Override
    Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException {
        VideoRequest request = VideoForm.read(context.request().getContentType(), body, length);
        VideoStore videos = store;
        return answer(context, () -> context.gateway().videos(context.caller(), context.requestId(), request).thenApply(outcome -> {
            GeneratedVideo made = outcome.response();
            // what the upstream did not say, the request did
            GeneratedVideo described = new GeneratedVideo(made.content(), made.mediaType(), made.url(),
                    made.seconds() > 0 ? made.seconds() : request.seconds() == null ? 0 : request.seconds(),
                    made.size() != null ? made.size() : request.size());
            VideoStore.Entry entry = videos.put(context.caller().keyId(), request.model(), described);
            return new Outcome<>(entry, outcome.instanceId(), outcome.providerType(), outcome.costUsd(),
                    outcome.latencyNanos(), outcome.attempts());
        }), (String) null, (entry, out) -> VideosJson.write(entry.id(), entry.model(), entry.createdAt(),
                entry.expiresAt(), entry.video(), out));
    }
}
