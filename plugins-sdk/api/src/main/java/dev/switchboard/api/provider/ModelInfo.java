package dev.switchboard.api.provider;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A model an instance serves, with its list prices in USD per one million tokens. {@code id} is the
 * name clients use; {@code upstreamId} the name sent to the provider (often the same).
 */
public record ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                        int contextWindow, Set<Modality> modalities) {

    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id is required");
        }
        upstreamId = upstreamId == null || upstreamId.isBlank() ? id : upstreamId;
        inputPricePerMTok = inputPricePerMTok == null ? BigDecimal.ZERO : inputPricePerMTok;
        outputPricePerMTok = outputPricePerMTok == null ? BigDecimal.ZERO : outputPricePerMTok;
        modalities = modalities == null || modalities.isEmpty() ? Set.of(Modality.TEXT) : Set.copyOf(modalities);
    }

    public static ModelInfo text(String id, String inputPrice, String outputPrice, int contextWindow) {
        return new ModelInfo(id, id, new BigDecimal(inputPrice), new BigDecimal(outputPrice), contextWindow,
                Set.of(Modality.TEXT));
    }

    /** One model in the configuration form {@code id=inputPricePerMTok/outputPricePerMTok[/contextWindow]}. */
    public static ModelInfo parse(String spec) {
        return ModelSpecs.parseEntry(spec, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    /** The list cost in USD of the given token counts on this model. */
    public BigDecimal cost(long promptTokens, long completionTokens) {
        return inputPricePerMTok.multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPricePerMTok.multiply(BigDecimal.valueOf(completionTokens)))
                .movePointLeft(6);
    }
}
