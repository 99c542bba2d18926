package dev.switchboard.provider.openai.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = OpenAiConfig.PID, name = "Switchboard OpenAI provider",
        description = "The OpenAI Chat Completions API. Offers one instance when an API key is set here or in "
                + "the OPENAI_API_KEY environment variable.")
public @interface OpenAiConfig {

    String PID = "dev.switchboard.provider.openai";

    @AttributeDefinition(name = "Enabled", description = "Offer the configured instance to core (when a key is set).")
    boolean enabled() default true;

    @AttributeDefinition(name = "Instance id", description = "Id of the configured instance.")
    String instance_id() default "openai";

    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Empty: the OPENAI_API_KEY environment variable; neither set: no instance.")
    String api_key() default "";

    @AttributeDefinition(name = "Base URL", description = "The API root; /chat/completions is appended.")
    String base_url() default OpenAiSettings.DEFAULT_BASE_URL;

    @AttributeDefinition(name = "Organization", required = false, description = "Sent as OpenAI-Organization.")
    String organization() default "";

    @AttributeDefinition(name = "Project", required = false, description = "Sent as OpenAI-Project.")
    String project() default "";

    @AttributeDefinition(name = "Models",
            description = "The catalog: id=input/output/context/cachedInput, prices in USD per 1M tokens, context "
                    + "in tokens; entries separated by commas or given as a list.")
    String[] models() default {
        "gpt-5=1.25/10.00/400000/0.125;max.output=128000;modalities=text+image",
        "gpt-5-mini=0.25/2.00/400000/0.025;max.output=128000;modalities=text+image",
        "gpt-5-nano=0.05/0.40/400000/0.005;max.output=128000;modalities=text+image",
        "gpt-4.1=2.00/8.00/1047576/0.50;max.output=32768;modalities=text+image",
        "gpt-4.1-mini=0.40/1.60/1047576/0.10;max.output=32768;modalities=text+image",
        "gpt-4.1-nano=0.10/0.40/1047576/0.025;max.output=32768;modalities=text+image",
        "gpt-4o=2.50/10.00/128000/1.25;max.output=16384;modalities=text+image",
        "gpt-4o-mini=0.15/0.60/128000/0.075;max.output=16384;modalities=text+image",
        "o3=2.00/8.00/200000/0.50;max.output=100000;modalities=text+image",
        "o4-mini=1.10/4.40/200000/0.275;max.output=100000;modalities=text+image",
        "gpt-3.5-turbo-instruct=1.50/2.00/4096",
        "text-embedding-3-small=0.02/0/8191", "text-embedding-3-large=0.13/0/8191",
        "text-embedding-ada-002=0.10/0/8191",
        "dall-e-3=0/0;image=0.04;modalities=text+image", "dall-e-2=0/0;image=0.02;modalities=text+image",
        "gpt-image-1=5.00/40.00;modalities=text+image",
        "whisper-1=0/0;audio.second=0.0001;modalities=text+audio",
        "gpt-4o-transcribe=2.50/10.00;modalities=text+audio",
        "tts-1=60.00/0;modalities=text+audio", "tts-1-hd=120.00/0;modalities=text+audio"};

    @AttributeDefinition(name = "Weight", description = "Share of traffic for weighted selection.")
    int weight() default 1;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "Longest wait for a connection to the API.")
    long connect_timeout_ms() default OpenAiSettings.DEFAULT_CONNECT_TIMEOUT_MS;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Longest wait for an answer (for a stream: for it to begin); the gateway's deadline may be shorter.")
    long request_timeout_ms() default OpenAiSettings.DEFAULT_REQUEST_TIMEOUT_MS;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "Longest silence inside a stream; reasoning models can think for minutes between chunks.")
    long stream_idle_timeout_ms() default OpenAiSettings.DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}
