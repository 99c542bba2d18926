package dev.switchboard.provider.gemini.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = GeminiConfig.PID, name = "Switchboard Gemini provider",
        description = "The Google Gemini API (generateContent). Offers one instance when an API key is set here or in "
                + "the GEMINI_API_KEY (or GOOGLE_API_KEY) environment variable.")
public @interface GeminiConfig {

    String PID = "dev.switchboard.provider.gemini";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance to core (when a key is set).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "gemini";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Empty: the GEMINI_API_KEY, else GOOGLE_API_KEY, environment variable; none set: no instance.")
    String api_key() default "";

    @AttributeDefinition(name = "Base URL",
            description = "The API root; /models/{model}:generateContent is appended.")
    String base_url() default GeminiSettings.DEFAULT_BASE_URL;

    @AttributeDefinition(name = "Models",
            description = "The catalog: id=input/output/context, prices in USD per 1M tokens, context in tokens; "
                    + "entries separated by commas or given as a list.")
    String[] models() default {
        "gemini-3-pro-preview=2.00/12.00/1048576",
        "gemini-2.5-pro=1.25/10.00/1048576", "gemini-2.5-flash=0.30/2.50/1048576",
        "gemini-2.5-flash-lite=0.10/0.40/1048576",
        "gemini-2.0-flash=0.10/0.40/1048576", "gemini-2.0-flash-lite=0.075/0.30/1048576",
        "gemini-embedding-001=0.15/0/2048"};

    @AttributeDefinition(name = "Weight", description = "Share of traffic for weighted selection.")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for a connection to the API.")
    long connect_timeout_ms() default GeminiSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Longest wait for an answer (for a stream: for it to begin); the gateway's deadline may be shorter.")
    long request_timeout_ms() default GeminiSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "Longest silence inside a stream; thinking models can think for minutes between chunks.")
    long stream_idle_timeout_ms() default GeminiSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
