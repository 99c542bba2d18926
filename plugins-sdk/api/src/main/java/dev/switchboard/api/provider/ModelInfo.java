package dev.switchboard.api.provider;

import java.math.BigDecimal;
import java.util.Set;

/**
 * A model an instance serves, with its list prices in USD per one million tokens. {@code id} is the
 * name clients use; {@code upstreamId} the name sent to the provider (often the same).
 */
public record ModelInfo(String id, String upstreamId, BigDecimal inputPricePerMTok, BigDecimal outputPricePerMTok,
                        int contextWindow, Set<Modality> modalities) {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

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

    /**
     * Reads the one-line form used in configuration files:
     * {@code id[=upstreamId]:inputPricePerMTok:outputPricePerMTok[:contextWindow]}, e.g.
     * {@code gpt-4o-mini:0.15:0.60:128000} or {@code fast=gpt-4o-mini:0.15:0.60}.
     */
    public static ModelInfo parse(String spec) {
        String[] parts = spec == null ? new String[0] : spec.trim().split(":");
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException("model '" + spec
                    + "' must look like id[=upstreamId]:inputPricePerMTok:outputPricePerMTok[:contextWindow]");
        }
        String[] names = parts[0].split("=", 2);
        try {
            return new ModelInfo(names[0].trim(), names.length == 2 ? names[1].trim() : null,
                    new BigDecimal(parts[1].trim()), new BigDecimal(parts[2].trim()),
                    parts.length == 4 ? Integer.parseInt(parts[3].trim()) : 0, Set.of(Modality.TEXT));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + spec + "' has a price or context window that is not a number");
        }
    }

    /** The list cost in USD of the given token counts on this model. */
    public BigDecimal cost(long promptTokens, long completionTokens) {
        return inputPricePerMTok.multiply(BigDecimal.valueOf(promptTokens))
                .add(outputPricePerMTok.multiply(BigDecimal.valueOf(completionTokens)))
                .divide(MILLION);
    }
}
