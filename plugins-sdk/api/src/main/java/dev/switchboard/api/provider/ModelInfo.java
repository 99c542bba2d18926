package dev.switchboard.api.provider;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A model an instance serves, with its list prices in USD per one million tokens. {@code id} is the
 * name clients use; {@code upstreamId} the name sent to the provider (often the same). {@code contextWindow}
 * and {@code maxOutputTokens} are 0 when unknown (no check); a request that cannot fit them is refused before
 * any upstream call. {@code pricePerImage} (USD per generated image) and {@code pricePerAudioSecond} (USD per
 * second of transcribed audio) price what tokens do not measure; zero when free or unknown.
 */
public record ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                        int contextWindow, Set<Modality> modalities,
                        int maxOutputTokens, BigDecimal pricePerImage, BigDecimal pricePerAudioSecond) {

    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id is required");
        }
        upstreamId = upstreamId == null || upstreamId.isBlank() ? id : upstreamId;
        inputPricePerMTok = inputPricePerMTok == null ? BigDecimal.ZERO : inputPricePerMTok;
        outputPricePerMTok = outputPricePerMTok == null ? BigDecimal.ZERO : outputPricePerMTok;
        modalities = modalities == null || modalities.isEmpty() ? Set.of(Modality.TEXT) : Set.copyOf(modalities);
        maxOutputTokens = Math.max(0, maxOutputTokens);
        pricePerImage = pricePerImage == null ? BigDecimal.ZERO : pricePerImage;
        pricePerAudioSecond = pricePerAudioSecond == null ? BigDecimal.ZERO : pricePerAudioSecond;
    }

    /** A text-priced model without output limit or media prices (the form of version 1.0). */
    public ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                     int contextWindow, Set<Modality> modalities) {
        this(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities, 0, null, null);
    }

    /** This model with an output limit and media prices. */
    public ModelInfo withLimits(int maxOutput, BigDecimal perImage, BigDecimal perAudioSecond) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                maxOutput, perImage, perAudioSecond);
    }

    /** This model handling the given modalities. */
    public ModelInfo withModalities(Set<Modality> handled) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, handled,
                maxOutputTokens, pricePerImage, pricePerAudioSecond);
    }

    public boolean handles(Modality modality) {
        return modalities.contains(modality);
    }

    /** The list cost in USD of {@code images} generated images. */
    public BigDecimal imageCost(int images) {
        return pricePerImage.multiply(BigDecimal.valueOf(images));
    }

    /** The list cost in USD of {@code seconds} of audio. */
    public BigDecimal audioCost(double seconds) {
        return seconds <= 0 ? BigDecimal.ZERO : pricePerAudioSecond.multiply(BigDecimal.valueOf(seconds));
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
