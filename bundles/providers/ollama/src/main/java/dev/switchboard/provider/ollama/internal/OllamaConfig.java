package dev.switchboard.provider.ollama.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = OllamaConfig.PID, name = "Switchboard Ollama provider",
        description = "A local or remote Ollama server (native /api/chat). Offers one instance when base.url is set "
                + "here or OLLAMA_HOST is set in the environment; its models are discovered from /api/tags.")
public @interface OllamaConfig {

    String PID = "dev.switchboard.provider.ollama";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance (when a server is named).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id")
    String instance_id() default "ollama";

    @AttributeDefinition(name = "Base URL", required = false,
            description = "e.g. http://127.0.0.1:11434; empty: the OLLAMA_HOST environment variable; neither: no instance.")
    String base_url() default "";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Ollama takes none; a bearer token for a proxy in front of it.")
    String api_key() default "";

    @AttributeDefinition(name = "Models", required = false,
            description = "Served whether discovered or not, with prices if any: id=input/output/context. "
                    + "Discovered models are added, free.")
    String[] models() default {};

    @AttributeDefinition(name = "Discover models", description = "Serve the models /api/tags lists.")
    boolean discover() default true;

    @AttributeDefinition(name = "Refresh interval (ms)", description = "How often /api/tags is read again; 0: once.")
    long refresh_interval_ms() default 60_000;

    @AttributeDefinition(name = "Weight")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect_timeout_ms() default 5_000;

    @AttributeDefinition(name = "Request timeout (ms)", description = "Includes loading a model into memory.")
    long request_timeout_ms() default 300_000;

    @AttributeDefinition(name = "Stream idle timeout (ms)")
    long stream_idle_timeout_ms() default 300_000;
}
