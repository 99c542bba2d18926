package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.provider.ModelInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the model catalog: {@code id=input/output/context}, prices per 1M tokens in USD. */
final class OpenAiModels {

    private OpenAiModels() {
    }

    /**
     * Each value may hold several comma-separated entries, because a {@code .cfg} file gives a list as one
     * string. A bare {@code id} is free and has an unknown (0) context window.
     *
     * @throws IllegalArgumentException naming the entry that cannot be read
     */
    static List<ModelInfo> parse(String[] values) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String entry : value.split(",")) {
                String text = entry.trim();
                if (!text.isEmpty()) {
                    ModelInfo model = entry(text);
                    models.put(model.id(), model);
                }
            }
        }
        return new ArrayList<>(models.values());
    }

    private static ModelInfo entry(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new ModelInfo(text, text, BigDecimal.ZERO, BigDecimal.ZERO, 0, null);
        }
        String id = text.substring(0, eq).trim();
        String[] numbers = text.substring(eq + 1).split("/");
        if (id.isEmpty() || numbers.length < 2 || numbers.length > 3) {
            throw new IllegalArgumentException("models entry '" + text + "' is not id=input/output[/context]");
        }
        try {
            BigDecimal input = new BigDecimal(numbers[0].trim());
            BigDecimal output = new BigDecimal(numbers[1].trim());
            int context = numbers.length == 3 ? Integer.parseInt(numbers[2].trim()) : 0;
            if (input.signum() < 0 || output.signum() < 0 || context < 0) {
                throw new IllegalArgumentException("models entry '" + text + "' has a negative number");
            }
            return new ModelInfo(id, id, input, output, context, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("models entry '" + text + "' is not id=input/output[/context]");
        }
    }
}
