package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.provider.ModelInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The mock's model catalog: which ids it serves, at which (made-up but non-zero) prices. */
final class MockModels {

    static final String ECHO = "mock-echo";
    static final String LOREM = "mock-lorem";
    static final String DEFAULT_INPUT_PRICE = "1.00";
    static final String DEFAULT_OUTPUT_PRICE = "2.00";
    static final int DEFAULT_CONTEXT_WINDOW = 128_000;

    static final List<ModelInfo> DEFAULTS = List.of(
            ModelInfo.text(ECHO, DEFAULT_INPUT_PRICE, DEFAULT_OUTPUT_PRICE, DEFAULT_CONTEXT_WINDOW),
            ModelInfo.text(LOREM, DEFAULT_INPUT_PRICE, DEFAULT_OUTPUT_PRICE, DEFAULT_CONTEXT_WINDOW));

    private MockModels() {
    }

    /**
     * Parses {@code id} or {@code id=input/output} entries (prices in USD per 1M tokens). An entry may
     * hold several, comma-separated, because a Karaf {@code .cfg} file delivers a list as one string.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    static List<ModelInfo> parse(String[] entries, String inputPrice, String outputPrice, int contextWindow) {
        BigDecimal defaultInput = price("input.price.per.mtok", inputPrice);
        BigDecimal defaultOutput = price("output.price.per.mtok", outputPrice);
        if (contextWindow < 1) {
            throw new IllegalArgumentException("context.window must be positive, was " + contextWindow);
        }
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        if (entries != null) {
            for (String entry : entries) {
                if (entry == null) {
                    continue;
                }
                for (String part : entry.split(",")) {
                    String item = part.trim();
                    if (!item.isEmpty()) {
                        ModelInfo model = parseOne(item, defaultInput, defaultOutput, contextWindow);
                        models.put(model.id(), model);
                    }
                }
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("models must name at least one model");
        }
        return List.copyOf(new ArrayList<>(models.values()));
    }

    /** Whether the model answers lorem ipsum rather than echoing. */
    static boolean isLorem(String modelId) {
        return modelId.contains("lorem");
    }

    private static ModelInfo parseOne(String item, BigDecimal defaultInput, BigDecimal defaultOutput,
                                      int contextWindow) {
        int eq = item.indexOf('=');
        if (eq < 0) {
            return model(item, defaultInput, defaultOutput, contextWindow);
        }
        String id = item.substring(0, eq).trim();
        String[] prices = item.substring(eq + 1).split("/");
        if (id.isEmpty() || prices.length != 2) {
            throw new IllegalArgumentException("models entry '" + item + "' is not id or id=input/output");
        }
        return model(id, price("models entry '" + item + "'", prices[0]), price("models entry '" + item + "'", prices[1]),
                contextWindow);
    }

    private static ModelInfo model(String id, BigDecimal input, BigDecimal output, int contextWindow) {
        return new ModelInfo(id, id, input, output, contextWindow, Set.of());
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
