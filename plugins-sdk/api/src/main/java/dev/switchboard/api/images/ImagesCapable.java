package dev.switchboard.api.images;

import dev.switchboard.api.provider.CallContext;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@code ProviderInstance} that serves {@code POST /v1/images/generations}; core routes image
 * requests only to such instances, and only for models whose catalog entry has the {@code IMAGE} modality. The
 * contract of {@code ProviderInstance#chat} holds.
 */
@ConsumerType
public interface ImagesCapable {

    CompletionStage<ImageResponse> generateImages(ImageRequest request, CallContext context);
}
