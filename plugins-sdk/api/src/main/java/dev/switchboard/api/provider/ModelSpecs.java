package dev.switchboard.api.provider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one configuration form of a model catalog, shared by every provider bundle and by operator
 * instance definitions: entries {@code id} or {@code id=input/output[/context[/cachedInput[/cacheWrite]]]}
 * (USD per 1M tokens, context window in tokens), e.g. {@code gpt-4o-mini=0.15/0.60/128000/0.075}. The cache
 * prices are for input tokens read from and written to the vendor's prompt cache; left out, they are the input
 * price; an empty context ({@code m=1/2//0.5}) keeps the default window. A value may hold several
 * comma-separated entries, because a Karaf {@code .cfg} file delivers a list as one string. A later
 * entry for the same id replaces an earlier one.
 */
public final class ModelSpecs {

    private static final String FORM = "id=input/output[/context[/cachedInput[/cacheWrite]]]";

    private ModelSpecs() {
    }

    /** Parses the entries; a bare id gets the given defaults. Throws naming the entry that is wrong. */
    public static List<ModelInfo> parse(String[] values, BigDecimal defaultInput, BigDecimal defaultOutput,
                                        int defaultContext) {
        Map<String, ModelInfo> models = new LinkedHashMap<>();
        if (values != null) {
            for (String value : values) {
                if (value == null) {
                    continue;
                }
                for (String entry : value.split(",")) {
                    if (!entry.isBlank()) {
                        ModelInfo model = parseEntry(entry, defaultInput, defaultOutput, defaultContext);
                        models.put(model.id(), model);
                    }
                }
            }
        }
        return List.copyOf(new ArrayList<>(models.values()));
    }

    /** Parses the entries; a bare id is free and has an unknown (0) context window. */
    public static List<ModelInfo> parse(String... values) {
        return parse(values, BigDecimal.ZERO, BigDecimal.ZERO, 0);
    }

    static ModelInfo parseEntry(String entry, BigDecimal defaultInput, BigDecimal defaultOutput, int defaultContext) {
        String whole = entry == null ? "" : entry.trim();
        int semicolon = whole.indexOf(';');
        ModelInfo model = parsePrices(semicolon < 0 ? whole : whole.substring(0, semicolon).trim(), defaultInput,
                defaultOutput, defaultContext);
        return semicolon < 0 ? model : withAttributes(model, whole, whole.substring(semicolon + 1));
    }

    /**
     * Attributes after the prices, each {@code ;name=value}: {@code max.output} (tokens), {@code image} (USD per
     * image), {@code audio.second} (USD per second of audio), {@code video.second} (USD per second of generated
     * video), {@code modalities} ({@code text+image+audio+video}).
     */
    private static ModelInfo withAttributes(ModelInfo model, String entry, String attributes) {
        int maxOutput = model.maxOutputTokens();
        BigDecimal perImage = model.pricePerImage();
        BigDecimal perSecond = model.pricePerAudioSecond();
        BigDecimal perVideoSecond = model.pricePerVideoSecond();
        Set<Modality> modalities = model.modalities();
        for (String attribute : attributes.split(";")) {
            if (attribute.isBlank()) {
                continue;
            }
            int eq = attribute.indexOf('=');
            String name = eq < 0 ? attribute.trim() : attribute.substring(0, eq).trim();
            String value = eq < 0 ? "" : attribute.substring(eq + 1).trim();
            try {
                switch (name) {
                    case "max.output" -> maxOutput = Integer.parseInt(value);
                    case "image" -> perImage = new BigDecimal(value);
                    case "audio.second" -> perSecond = new BigDecimal(value);
                    case "video.second" -> perVideoSecond = new BigDecimal(value);
                    case "modalities" -> {
                        Set<Modality> parsed = EnumSet.noneOf(Modality.class);
                        for (String modality : value.split("\\+")) {
                            parsed.add(Modality.valueOf(modality.trim().toUpperCase(Locale.ROOT)));
                        }
                        modalities = parsed;
                    }
                    default -> throw new IllegalArgumentException("models entry '" + entry
                            + "' has an unknown attribute '" + name + "' (max.output, image, audio.second, video.second,"
                            + " modalities)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("models entry '" + entry + "' has a bad number in '" + name + "'");
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("models entry")) {
                    throw e;
                }
                throw new IllegalArgumentException("models entry '" + entry + "' has an unknown modality");
            }
        }
        if (maxOutput < 0 || perImage.signum() < 0 || perSecond.signum() < 0 || perVideoSecond.signum() < 0) {
            throw new IllegalArgumentException("models entry '" + entry + "' has a negative number");
        }
        return model.withModalities(modalities).withLimits(maxOutput, perImage, perSecond)
                .withVideoPrice(perVideoSecond);
    }

    private static ModelInfo parsePrices(String text, BigDecimal defaultInput, BigDecimal defaultOutput,
                                         int defaultContext) {
        int eq = text.indexOf('=');
        String id = (eq < 0 ? text : text.substring(0, eq)).trim();
        if (id.isEmpty()) {
            throw new IllegalArgumentException("models entry '" + text + "' has no model id");
        }
        if (eq < 0) {
            return new ModelInfo(id, id, defaultInput, defaultOutput, defaultContext, null);
        }
        String[] numbers = text.substring(eq + 1).split("/");
        if (numbers.length < 2 || numbers.length > 5) {
            throw new IllegalArgumentException("models entry '" + text + "' is not " + FORM);
        }
        try {
            BigDecimal input = new BigDecimal(numbers[0].trim());
            BigDecimal output = new BigDecimal(numbers[1].trim());
            int context = numbers.length < 3 || numbers[2].isBlank() ? defaultContext
                    : Integer.parseInt(numbers[2].trim());
            BigDecimal cachedInput = numbers.length < 4 ? null : new BigDecimal(numbers[3].trim());
            BigDecimal cacheWrite = numbers.length < 5 ? null : new BigDecimal(numbers[4].trim());
            if (input.signum() < 0 || output.signum() < 0 || context < 0
                    || (cachedInput != null && cachedInput.signum() < 0)
                    || (cacheWrite != null && cacheWrite.signum() < 0)) {
                throw new IllegalArgumentException("models entry '" + text + "' has a negative number");
            }
            return new ModelInfo(id, id, input, output, context, null, cachedInput, cacheWrite);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("models entry '" + text + "' is not " + FORM);
        }
    }
}
