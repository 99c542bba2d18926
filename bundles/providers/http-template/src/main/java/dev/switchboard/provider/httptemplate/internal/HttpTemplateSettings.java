package dev.switchboard.provider.httptemplate.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.support.json.JsonPointer;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One templated HTTP API, read from an instance's configuration: where to post ({@code base.url}, the whole
 * URL), the body template, how to read the answer and the stream (JSON pointers), and the headers.
 */
record HttpTemplateSettings(URI uri, HttpTemplateBody body, Map<String, String> headers, Answer answer,
                            StreamFormat streamFormat, Answer event, String doneData, JsonPointer donePointer,
                            JsonPointer errorPointer, JsonPointer streamErrorPointer, Map<String, String> finishReasons,
                            Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout) {

    /** How the answer (or one stream event) is read: pointers to its text, finish reason and token counts. */
    record Answer(JsonPointer text, JsonPointer finishReason, JsonPointer promptTokens, JsonPointer completionTokens,
                  JsonPointer id, JsonPointer model) {
    }

    /** {@code none}: the API does not stream; a stream is made from the complete answer. */
    enum StreamFormat { NONE, SSE, NDJSON }

    private static final Set<String> RESERVED_HEADERS =
            Set.of("content-length", "content-type", "host", "transfer-encoding", "connection");

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static HttpTemplateSettings from(InstanceConfig config, UnaryOperator<String> environment) {
        Map<String, String> settings = config.settings();
        URI uri = InstanceSettings.httpUrl(config.baseUrl(), "", "base.url");
        HttpTemplateBody body = HttpTemplateBody.compile(settings.get("request.template"), environment);
        Map<String, String> headers = new LinkedHashMap<>();
        InstanceSettings.withPrefix(settings, "header.").forEach((name, value) -> {
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header." + name + " cannot be set");
            }
            headers.put(name, environmentIn(value, environment, "header." + name));
        });
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            String header = InstanceSettings.text(settings, "auth.header");
            String prefix = settings.get("auth.prefix");
            headers.put(header == null ? "Authorization" : header,
                    (prefix == null ? (header == null ? "Bearer " : "") : prefix) + config.apiKey().trim());
        }
        Answer answer = answer(settings, "response.");
        if (answer.text() == null) {
            throw new IllegalArgumentException("response.text (a JSON pointer to the answer's text) is required");
        }
        StreamFormat format = InstanceSettings.enumValue(settings, "stream.format", StreamFormat.class, StreamFormat.NONE);
        Answer event = answer(settings, "stream.");
        if (format != StreamFormat.NONE && event.text() == null) {
            throw new IllegalArgumentException("stream.text (a JSON pointer to each event's text) is required with stream.format");
        }
        String done = settings.get("stream.done");
        JsonPointer donePointer = done != null && done.startsWith("/") ? JsonPointer.parse(done.trim(), "stream.done") : null;
        String doneData = donePointer == null ? (done == null ? "[DONE]" : done.trim()) : null;
        String errorPointer = settings.getOrDefault("response.error", "/error/message");
        return new HttpTemplateSettings(uri, body, Map.copyOf(headers), answer, format, event, doneData, donePointer,
                JsonPointer.parse(errorPointer, "response.error"),
                JsonPointer.parse(settings.getOrDefault("stream.error", "/error"), "stream.error"),
                finishReasons(InstanceSettings.text(settings, "finish.map")),
                InstanceSettings.millis(settings, "connect.timeout.ms", 10_000),
                InstanceSettings.millis(settings, "request.timeout.ms", 300_000),
                InstanceSettings.millis(settings, "stream.idle.timeout.ms", 300_000));
    }

    /** The API's finish reason in OpenAI's words, when {@code finish.map} says ({@code end_turn=stop,max_tokens=length}). */
    String finishReason(String upstream) {
        return upstream == null ? null : finishReasons.getOrDefault(upstream, upstream);
    }

    private static Answer answer(Map<String, String> settings, String prefix) {
        return new Answer(JsonPointer.parse(settings.get(prefix + "text"), prefix + "text"),
                JsonPointer.parse(settings.get(prefix + "finish_reason"), prefix + "finish_reason"),
                JsonPointer.parse(settings.get(prefix + "usage.prompt"), prefix + "usage.prompt"),
                JsonPointer.parse(settings.get(prefix + "usage.completion"), prefix + "usage.completion"),
                JsonPointer.parse(settings.get(prefix + "id"), prefix + "id"),
                JsonPointer.parse(settings.get(prefix + "model"), prefix + "model"));
    }

    private static Map<String, String> finishReasons(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || eq == entry.trim().length() - 1) {
                    throw new IllegalArgumentException("finish.map entry '" + entry.trim() + "' is not upstream=openai");
                }
                map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        return Map.copyOf(map);
    }

    /** {@code {{env.VAR}}} in a header value (a key header: {@code x-api-key = {{env.VENDOR_KEY}}}). */
    private static String environmentIn(String value, UnaryOperator<String> environment, String key) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("{{", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf("}}", start);
            String name = end < 0 ? "" : value.substring(start + 2, end).trim();
            if (!name.startsWith("env.")) {
                throw new IllegalArgumentException(key + " may only use {{env.NAME}} placeholders");
            }
            String resolved = environment.apply(name.substring(4));
            if (resolved == null) {
                throw new IllegalArgumentException(key + " uses {{" + name + "}}, which is not set");
            }
            out.append(value, i, start).append(resolved);
            i = end + 2;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        // header values may hold keys
        return "HttpTemplateSettings[" + uri + ", headers " + headers.keySet() + ", stream " + streamFormat + "]";
    }
}
