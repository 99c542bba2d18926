package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Modality;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoCapable;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /v1/videos}: routed to instances that implement {@link VideoCapable}, for models with the
 * {@code VIDEO} modality. Measured by its prompt; priced by its prompt tokens plus the seconds of video made at the
 * model's {@code video.second} price ({@link ModelInfo#videoCost}): the seconds the upstream says it made, else the
 * seconds the request asked for (an upstream that does not say makes what it was asked). The ledger books the cost
 * under {@code videos}; it has no column of its own for video seconds.
 */
public final class VideoEndpoint implements Endpoint<VideoRequest, GeneratedVideo> {

    public static final VideoEndpoint INSTANCE = new VideoEndpoint();

    private VideoEndpoint() {
    }

    @Override
    public String path() {
        return "/v1/videos";
    }

    @Override
    public Class<?> capability() {
        return VideoCapable.class;
    }

    @Override
    public String model(VideoRequest request) {
        return request.model();
    }

    @Override
    public long estimatedTokens(VideoRequest request) {
        return TokenEstimate.ofText(request.prompt());
    }

    @Override
    public Object field(VideoRequest request, String name) {
        return switch (name) {
            case "seconds" -> request.seconds();
            case "size" -> request.size();
            case "input_reference" -> request.inputReference();
            case "user" -> request.user();
            default -> request.extensions().get(name);
        };
    }

    @Override
    public void checkFit(VideoRequest request, List<Route> routes) {
        ModelFit.check(routes, Modality.VIDEO, 0, 0, "seconds");
    }

    @Override
    public CompletionStage<GeneratedVideo> call(Object instance, VideoRequest request, String upstreamModel,
                                                CallContext context) {
        return ((VideoCapable) instance).generateVideo(request.withModel(upstreamModel), context);
    }

    @Override
    public Usage usage(VideoRequest request, GeneratedVideo response) {
        return new Usage(estimatedTokens(request), 0);
    }

    @Override
    public BigDecimal cost(ModelInfo model, VideoRequest request, GeneratedVideo response, Usage usage) {
        return model.cost(usage.promptTokens(), 0).add(model.videoCost(seconds(request, response)));
    }

    /** The seconds of video made: as the upstream says, else as asked; 0 when neither says. */
    static int seconds(VideoRequest request, GeneratedVideo response) {
        if (response != null && response.seconds() > 0) {
            return response.seconds();
        }
        return request.seconds() == null ? 0 : Math.max(0, request.seconds());
    }
}
