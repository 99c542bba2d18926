package dev.switchboard.rest.internal.http;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Node-local settings of the HTTP API, from {@code etc/dev.switchboard.rest.cfg}. */
@ObjectClassDefinition(id = RestConfig.PID, name = "Switchboard REST API",
        description = "Limits of the OpenAI-compatible HTTP API.")
public @interface RestConfig {

    String PID = "dev.switchboard.rest";

    @AttributeDefinition(name = "Maximum request body (bytes)", min = "1",
            description = "Larger chat requests are refused with 413 before or while they are read.")
    long max_body_bytes() default 1_048_576;

    @AttributeDefinition(name = "Request deadline (ms)", min = "0",
            description = "Longest a chat request (or stream) may hold its connection; 0 means no limit. "
                    + "A safety net above core's own timeouts.")
    long async_timeout_ms() default 600_000;

    @AttributeDefinition(name = "Failed authentications per address", min = "1",
            description = "An address that presented this many wrong keys within one window gets 429 without its "
                    + "key being checked until the window ends.")
    int auth_failures_limit() default 20;

    @AttributeDefinition(name = "Failed authentication window (ms)", min = "1",
            description = "How long failed authentications of an address count; the window starts at its first failure.")
    long auth_failures_window_ms() default 60_000;

    @AttributeDefinition(name = "Addresses tracked", min = "1",
            description = "Most client addresses whose failed authentications are remembered (bounds the memory).")
    int auth_failures_max_addresses() default 10_000;

    @AttributeDefinition(name = "Trusted proxies", required = false,
            description = "Addresses of reverse proxies whose X-Forwarded-For header names the client; "
                    + "from any other peer the header is ignored.")
    String[] trusted_proxies() default {};

    @AttributeDefinition(name = "Security log lines per minute", min = "1",
            description = "Most lines the security log (dev.switchboard.audit) takes per minute; the rest are counted.")
    int audit_lines_per_minute() default 120;

    @AttributeDefinition(name = "Request body deadline (ms)", min = "0",
            description = "A chat request's body must have arrived this long after its headers, or the request "
                    + "gets 408 and its connection is closed; no thread waits meanwhile. 0 means only Jetty's "
                    + "connection idle timeout applies.")
    long body_read_timeout_ms() default 20_000;

    @AttributeDefinition(name = "Stream buffer per client (bytes)", min = "1",
            description = "Streamed answer a client may fall behind by. Events wait here while the client is not "
                    + "reading; a client further behind is disconnected and its upstream call cancelled.")
    int stream_buffer_bytes() default 524_288;

    @AttributeDefinition(name = "Largest audio upload (bytes)", min = "1",
            description = "Body bound of /v1/audio/transcriptions and /v1/audio/translations (multipart with the "
                    + "audio file; OpenAI takes files up to 25 MB); read without blocking and held in memory "
                    + "while the request is served. Larger is 413.")
    long max_upload_bytes() default 26_214_400;

    @AttributeDefinition(name = "Start-up warm-up requests", min = "0",
            description = "Before /health first says ready, this many requests (chat, streamed chat, embeddings in "
                    + "turn) go through the API's own listener over loopback to a model of the mock provider, so the "
                    + "JIT has compiled the request path when clients arrive. 0 = no warm-up. Without a mock model "
                    + "there is none. Never booked, counted or limited as a client's request.")
    int warmup_requests() default 3000;

    @AttributeDefinition(name = "Start-up warm-up cap (ms)", min = "0",
            description = "Longest the warm-up may hold readiness back; it ends at this time or its request count, "
                    + "whichever comes first. 0 = no warm-up.")
    long warmup_max_ms() default 8000;

    @AttributeDefinition(name = "Start-up warm-up connections", min = "1", max = "16",
            description = "Keep-alive connections (each on a thread of its own) the warm-up sends its requests on.")
    int warmup_connections() default 3;
}
