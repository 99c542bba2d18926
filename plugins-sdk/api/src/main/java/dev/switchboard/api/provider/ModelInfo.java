package dev.switchboard.api.provider;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A model an instance serves, with its list prices in USD per one million tokens. {@code id} is the
 * name clients use; {@code upstreamId} the name sent to the provider (often the same).
 * {@code cachedInputPricePerMTok} is the price of an input token read from the vendor's prompt cache and
 * {@code cacheWritePricePerMTok} of one written to it; {@code null} (not listed) means the input price.
 * {@code contextWindow} and {@code maxOutputTokens} are 0 when unknown (no check); a request that cannot fit them
 * is refused before any upstream call. {@code pricePerImage} (USD per generated image) and
 * {@code pricePerAudioSecond} (USD per second of transcribed audio) and {@code pricePerVideoSecond} (USD per second of
 * generated video, since 1.4) price what tokens do not measure; zero when free or unknown.
 */
public record ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                        int contextWindow, Set<Modality> modalities, BigDecimal cachedInputPricePerMTok,
                        BigDecimal cacheWritePricePerMTok,
                        int maxOutputTokens, BigDecimal pricePerImage, BigDecimal pricePerAudioSecond,
                        BigDecimal pricePerVideoSecond) {

    public ModelInfo {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("model id is required");
        }
        upstreamId = upstreamId == null || upstreamId.isBlank() ? id : upstreamId;
        inputPricePerMTok = inputPricePerMTok == null ? BigDecimal.ZERO : inputPricePerMTok;
        outputPricePerMTok = outputPricePerMTok == null ? BigDecimal.ZERO : outputPricePerMTok;
        modalities = modalities == null || modalities.isEmpty() ? Set.of(Modality.TEXT) : Set.copyOf(modalities);
        cachedInputPricePerMTok = cachedInputPricePerMTok == null ? inputPricePerMTok : cachedInputPricePerMTok;
        cacheWritePricePerMTok = cacheWritePricePerMTok == null ? inputPricePerMTok : cacheWritePricePerMTok;
        maxOutputTokens = Math.max(0, maxOutputTokens);
        pricePerImage = pricePerImage == null ? BigDecimal.ZERO : pricePerImage;
        pricePerAudioSecond = pricePerAudioSecond == null ? BigDecimal.ZERO : pricePerAudioSecond;
        pricePerVideoSecond = pricePerVideoSecond == null ? BigDecimal.ZERO : pricePerVideoSecond;
    }

    /** A model with an output limit and image and audio prices, without a video price (the form before 1.4). */
    public ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                     int contextWindow, Set<Modality> modalities, BigDecimal cachedInputPricePerMTok,
                     BigDecimal cacheWritePricePerMTok, int maxOutputTokens, BigDecimal pricePerImage,
                     BigDecimal pricePerAudioSecond) {
        this(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                cachedInputPricePerMTok, cacheWritePricePerMTok, maxOutputTokens, pricePerImage, pricePerAudioSecond,
                null);
    }

    /** A model with cache prices, without output limit or media prices. */
    public ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                     int contextWindow, Set<Modality> modalities, BigDecimal cachedInputPricePerMTok,
                     BigDecimal cacheWritePricePerMTok) {
        this(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                cachedInputPricePerMTok, cacheWritePricePerMTok, 0, null, null);
    }

    /** A model without cache prices: cached and cache-write input cost what input costs. */
    public ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                     int contextWindow, Set<Modality> modalities) {
        this(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities, null, null);
    }

    /** This model with an output limit and image and audio prices (its video price kept). */
    public ModelInfo withLimits(int maxOutput, BigDecimal perImage, BigDecimal perAudioSecond) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                cachedInputPricePerMTok, cacheWritePricePerMTok, maxOutput, perImage, perAudioSecond,
                pricePerVideoSecond);
    }

    /** This model with a price per second of generated video (USD; null: free or unknown). Since 1.4. */
    public ModelInfo withVideoPrice(BigDecimal perVideoSecond) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                cachedInputPricePerMTok, cacheWritePricePerMTok, maxOutputTokens, pricePerImage, pricePerAudioSecond,
                perVideoSecond);
    }

    /** This model handling the given modalities. */
    public ModelInfo withModalities(Set<Modality> handled) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, handled,
                cachedInputPricePerMTok, cacheWritePricePerMTok, maxOutputTokens, pricePerImage, pricePerAudioSecond,
                pricePerVideoSecond);
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

    /** The list cost in USD of {@code seconds} of generated video. Since 1.4. */
    public BigDecimal videoCost(double seconds) {
        return !(seconds > 0) || Double.isInfinite(seconds) ? BigDecimal.ZERO
                : pricePerVideoSecond.multiply(BigDecimal.valueOf(seconds));
    }

    public static ModelInfo text(String id, String inputPrice, String outputPrice, int contextWindow) {
        return new ModelInfo(id, id, new BigDecimal(inputPrice), new BigDecimal(outputPrice), contextWindow,
                Set.of(Modality.TEXT));
    }

    /** The same model with a price for cached input tokens (USD per 1M). */
    public ModelInfo withCachedInputPrice(String price) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                new BigDecimal(price), cacheWritePricePerMTok, maxOutputTokens, pricePerImage, pricePerAudioSecond,
                pricePerVideoSecond);
    }

    /**
     * One model in the configuration form
     * {@code id=inputPricePerMTok/outputPricePerMTok[/contextWindow[/cachedInputPricePerMTok[/cacheWritePricePerMTok]]]}.
     */
    public static ModelInfo parse(String spec) {
        return ModelSpecs.parseEntry(spec, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    /** The list cost in USD of the given token counts on this model, none of them cached. */
    public BigDecimal cost(long promptTokens, long completionTokens) {
        return inputPricePerMTok.multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPricePerMTok.multiply(BigDecimal.valueOf(completionTokens)))
                .movePointLeft(6);
    }

    /**
     * The list cost in USD of a call: uncached input at the input price, cache reads at the cached-input price,
     * cache writes at the cache-write price, output at the output price. Reasoning tokens are inside
     * {@code completionTokens} ({@link Usage}) and cost what output costs, so they are not added again. Cache
     * counts larger than the prompt (a vendor's odd report) are capped at the prompt.
     */
    public BigDecimal cost(Usage usage) {
        if (usage.cachedPromptTokens() == 0 && usage.cacheWriteTokens() == 0) {
            return cost(usage.promptTokens(), usage.completionTokens());
        }
        long cached = Math.min(usage.cachedPromptTokens(), usage.promptTokens());
        long written = Math.min(usage.cacheWriteTokens(), usage.promptTokens() - cached);
        long uncached = usage.promptTokens() - cached - written;
        return inputPricePerMTok.multiply(BigDecimal.valueOf(uncached))
                .add(cachedInputPricePerMTok.multiply(BigDecimal.valueOf(cached)))
                .add(cacheWritePricePerMTok.multiply(BigDecimal.valueOf(written)))
                .add(outputPricePerMTok.multiply(BigDecimal.valueOf(usage.completionTokens())))
                .movePointLeft(6);
    }
}
