package dev.switchboard.api.provider;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.Set;

/**
 * A model an instance serves, with its list prices in USD per one million tokens. {@code id} is the
 * name clients use; {@code upstreamId} the name sent to the provider (often the same).
 * {@code cachedInputPricePerMTok} is the price of an input token read from the vendor's prompt cache and
 * {@code cacheWritePricePerMTok} of one written to it; {@code null} (not listed) means the input price.
 */
public record ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                        int contextWindow, Set<Modality> modalities, BigDecimal cachedInputPricePerMTok,
                        BigDecimal cacheWritePricePerMTok) {

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
    }

    /** A model without cache prices: cached and cache-write input cost what input costs. */
    public ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                     int contextWindow, Set<Modality> modalities) {
        this(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities, null, null);
    }

    public static ModelInfo text(String id, String inputPrice, String outputPrice, int contextWindow) {
        return new ModelInfo(id, id, new BigDecimal(inputPrice), new BigDecimal(outputPrice), contextWindow,
                Set.of(Modality.TEXT));
    }

    /** The same model with a price for cached input tokens (USD per 1M). */
    public ModelInfo withCachedInputPrice(String price) {
        return new ModelInfo(id, upstreamId, inputPricePerMTok, outputPricePerMTok, contextWindow, modalities,
                new BigDecimal(price), cacheWritePricePerMTok);
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
