package dev.switchboard.api.video;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves {@code POST /v1/videos}; core routes video requests only to
 * such instances, and only for models whose catalog entry has the {@code VIDEO} modality. The stage completes with
 * the finished video (an instance whose upstream works as a job waits for it without holding a thread). The
 * contract of {@code ProviderInstance#chat} holds.
 */
@ConsumerType
public interface VideoCapable {

    CompletionStage<GeneratedVideo> generateVideo(VideoRequest request, CallContext context);
}
