package dev.switchboard.provider.sagemaker.internal;

import dev.switchboard.api.images.GeneratedImage;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.support.json.JsonPointer;
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.support.template.JsonTemplate;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How one image or video endpoint is spoken to, by configuration: the request body is a {@link JsonTemplate}
 * ({@code request.template.<endpoint>}) with the request's fields as placeholders; the answer is either the media
 * itself (a {@code image/*} or {@code video/*} body) or JSON where {@code response.media.<endpoint>} points at the
 * base64 media (a string, or a list of them; with {@code response.item.<endpoint>}, a pointer into each element of
 * that list). The defaults fit the common containers: diffusers-style {@code {"prompt", "num_images_per_prompt",
 * "width", "height"}} answering {@code generated_images}, and {@code {"prompt", "seconds", "size",
 * "input_reference"}} answering {@code video}.
 */
final class SageMakerMedia {

    static final String TEMPLATE = "request.template";
    static final String MEDIA = "response.media";
    static final String ITEM = "response.item";

    static final String DEFAULT_IMAGE_TEMPLATE = "{\"prompt\": {{prompt}}, \"num_images_per_prompt\": {{n}}, "
            + "\"width\": {{width}}, \"height\": {{height}}}";
    static final String DEFAULT_VIDEO_TEMPLATE = "{\"prompt\": {{prompt}}, \"seconds\": {{seconds}}, \"size\": {{size}}, "
            + "\"input_reference\": {{input_reference}}}";

    private static final Map<String, Object> SAMPLES = samples();

    private final JsonTemplate template;
    private final JsonPointer media;
    private final JsonPointer item;

    private SageMakerMedia(JsonTemplate template, JsonPointer media, JsonPointer item) {
        this.template = template;
        this.media = media;
        this.item = item;
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static SageMakerMedia of(String endpoint, boolean video, Map<String, String> settings, UnaryOperator<String> env) {
        String templateKey = TEMPLATE + "." + endpoint;
        String text = settings.get(templateKey);
        JsonTemplate template = JsonTemplate.compile(text == null || text.isBlank()
                ? (video ? DEFAULT_VIDEO_TEMPLATE : DEFAULT_IMAGE_TEMPLATE) : text, templateKey, SAMPLES, env);
        String pointer = settings.get(MEDIA + "." + endpoint);
        JsonPointer media = JsonPointer.parse(pointer == null || pointer.isBlank()
                ? (video ? "/video" : "/generated_images") : pointer.trim(), MEDIA + "." + endpoint);
        JsonPointer item = JsonPointer.parse(settings.get(ITEM + "." + endpoint), ITEM + "." + endpoint);
        return new SageMakerMedia(template, media, item);
    }

    private static Map<String, Object> samples() {
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("model", "endpoint");
        samples.put("prompt", "a \"cat\"\n{{x}}");
        samples.put("n", 1);
        samples.put("size", "1024x1024");
        samples.put("width", 1024);
        samples.put("height", 1024);
        samples.put("quality", "hd");
        samples.put("seconds", 4);
        samples.put("input_reference", "data:image/png;base64,AAAA");
        return java.util.Collections.unmodifiableMap(samples);
    }

    byte[] imageBody(ImageRequest request) {
        Integer[] size = size(request.size());
        return template.render(name -> switch (name) {
            case "model" -> request.model();
            case "prompt" -> request.prompt();
            case "n" -> request.count();
            case "size" -> request.size();
            case "width" -> size == null ? null : size[0];
            case "height" -> size == null ? null : size[1];
            case "quality" -> request.quality();
            default -> null;
        });
    }

    byte[] videoBody(VideoRequest request) {
        Integer[] size = size(request.size());
        return template.render(name -> switch (name) {
            case "model" -> request.model();
            case "prompt" -> request.prompt();
            case "n" -> 1;
            case "size" -> request.size();
            case "width" -> size == null ? null : size[0];
            case "height" -> size == null ? null : size[1];
            case "seconds" -> request.seconds();
            case "input_reference" -> request.inputReference();
            default -> null;
        });
    }

    /** The base64 media of a JSON answer, in order. */
    List<String> base64(byte[] json) throws IOException {
        Object document;
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            p.nextToken();
            document = JsonValues.read(p);
        }
        Object found = media.find(document);
        List<String> out = new ArrayList<>(1);
        if (found instanceof List<?> list) {
            for (Object element : list) {
                Object value = item == null ? element : item.find(element);
                if (value instanceof String text && !text.isEmpty()) {
                    out.add(text);
                }
            }
        } else if (found instanceof String text && !text.isEmpty()) {
            out.add(item == null ? text : null);
        }
        out.removeIf(java.util.Objects::isNull);
        if (out.isEmpty()) {
            throw new IOException("no media at " + media + (item == null ? "" : " / " + item));
        }
        return out;
    }

    static List<GeneratedImage> images(List<String> base64) {
        List<GeneratedImage> images = new ArrayList<>(base64.size());
        for (String image : base64) {
            images.add(new GeneratedImage(image, null, null));
        }
        return images;
    }

    static byte[] decode(String base64) throws IOException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IOException("media is not base64");
        }
    }

    /** {@code WIDTHxHEIGHT} as two numbers, or {@code null}. */
    private static Integer[] size(String size) {
        if (size == null) {
            return null;
        }
        int x = size.indexOf('x');
        try {
            return x < 0 ? null : new Integer[] {Integer.valueOf(size.substring(0, x)), Integer.valueOf(size.substring(x + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
