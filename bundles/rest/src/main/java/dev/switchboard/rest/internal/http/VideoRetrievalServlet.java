package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.VideosJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.servlet.AsyncContext;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code GET /v1/videos/{id}} (the {@code video} object) and {@code GET /v1/videos/{id}/content} (the video), for the
 * key that made it, from this node's {@link VideoStore} or, for a video made on another node, the grid's copy
 * ({@link VideoStore#find}); anything else (another key's video, an expired one) is a 404.
 * Written without blocking: the answer goes out while the client keeps up, no thread waits for a slow one.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("switchboard-video-retrieval")
@HttpWhiteboardServletPattern("/v1/videos/*")
@HttpWhiteboardServletAsyncSupported
public final class VideoRetrievalServlet extends ApiServlet {

    private static final long serialVersionUID = 1L;
    private static final long BODY_TIMEOUT_MILLIS = 20_000;
    private static final long ASYNC_TIMEOUT_MILLIS = 600_000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Reference
    private volatile VideoStore store;

    public VideoRetrievalServlet() {
        super("GET");
    }

    VideoRetrievalServlet(Authenticator authenticator, VideoStore store) {
        this();
        this.authenticator = authenticator;
        this.store = store;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Authenticator keys = authenticator;
        if (keys == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.authenticate(request, keys);
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        boolean content = path.endsWith("/content");
        String id = path.substring(1, content ? path.length() - "/content".length() : path.length());
        boolean wellFormed = !id.isEmpty() && id.length() <= 64 && id.indexOf('/') < 0;
        CompletableFuture<VideoStore.Entry> lookup = wellFormed ? store.find(id, caller.keyId()).toCompletableFuture()
                : CompletableFuture.completedFuture(null);
        if (lookup.isDone() && lookup.getNow(null) == null) {
            throw notFound(id); // on this node, without a grid: answered at once
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(ASYNC_TIMEOUT_MILLIS);
        // from another node's video through the grid: completed on the grid's callback pool, no thread waits for it
        CompletionStage<VideoStore.Entry> found = lookup.thenApply(entry -> {
            if (entry == null) {
                throw notFound(id);
            }
            return entry;
        });
        RequestBody.read(async, response, 1024, request.getContentLengthLong(), BODY_TIMEOUT_MILLIS,
                (body, length) -> new CompletionExchange<VideoStore.Entry>(async, response,
                        new CompletionExchange.Answer<VideoStore.Entry>() {
                    @Override
                    public CompletionStage<VideoStore.Entry> call() {
                        return found;
                    }

                    @Override
                    public void write(VideoStore.Entry video, HttpServletResponse to, java.io.OutputStream out)
                            throws IOException {
                        to.setStatus(HttpServletResponse.SC_OK);
                        if (content) {
                            to.setContentType(video.video().mediaType());
                            ByteBuffer bytes = VideoStore.content(video);
                            byte[] chunk = new byte[Math.min(65_536, Math.max(1, bytes.remaining()))];
                            while (bytes.hasRemaining()) {
                                int n = Math.min(chunk.length, bytes.remaining());
                                bytes.get(chunk, 0, n);
                                out.write(chunk, 0, n);
                            }
                        } else {
                            to.setContentType("application/json");
                            VideosJson.write(video.id(), video.model(), video.createdAt(), video.expiresAt(),
                                    video.video(), out);
                        }
                    }
                }));
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(404, "invalid_request_error", "video_not_found", null,
                "No video found with id '" + (id.length() > 64 ? id.substring(0, 64) : id) + "'.", null);
    }
}
