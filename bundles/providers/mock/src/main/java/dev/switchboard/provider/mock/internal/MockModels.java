package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ModelSpecs;
import java.math.BigDecimal;
import java.util.List;

/** The mock's model catalog: which ids it serves, at which (made-up but non-zero) prices. */
final class MockModels {

    static final String ECHO = "mock-echo";
    static final String LOREM = "mock-lorem";
    /** In the shipped configuration's catalog for embeddings demos; every mock model embeds. */
    static final String EMBED = "mock-embed";
    static final String DEFAULT_INPUT_PRICE = "1.00";
    static final String DEFAULT_OUTPUT_PRICE = "2.00";
    static final int DEFAULT_CONTEXT_WINDOW = 128_000;

    static final List<ModelInfo> DEFAULTS = List.of(
            ModelInfo.text(ECHO, DEFAULT_INPUT_PRICE, DEFAULT_OUTPUT_PRICE, DEFAULT_CONTEXT_WINDOW),
            ModelInfo.text(LOREM, DEFAULT_INPUT_PRICE, DEFAULT_OUTPUT_PRICE, DEFAULT_CONTEXT_WINDOW));

    private MockModels() {
    }

    /**
     * Parses the catalog in the shared form ({@link ModelSpecs}); a bare id gets the mock's default prices.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    static List<ModelInfo> parse(String[] entries, String inputPrice, String outputPrice, int contextWindow) {
        if (contextWindow < 1) {
            throw new IllegalArgumentException("context.window must be positive, was " + contextWindow);
        }
        List<ModelInfo> models = ModelSpecs.parse(entries, price("input.price.per.mtok", inputPrice),
                price("output.price.per.mtok", outputPrice), contextWindow);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model");
        }
        return models;
    }

    /** Whether the model answers lorem ipsum rather than echoing. */
    static boolean isLorem(String modelId) {
        return modelId.contains("lorem");
    }

    private static BigDecimal price(String what, String value) {
        try {
            BigDecimal price = new BigDecimal(value.trim());
            if (price.signum() < 0) {
                throw new IllegalArgumentException(what + ": price must not be negative");
            }
            return price;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not a price", e);
        }
    }
}
