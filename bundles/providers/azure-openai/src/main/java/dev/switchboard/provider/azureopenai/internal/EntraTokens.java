package dev.switchboard.provider.azureopenai.internal;

import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Entra ID access tokens for one Azure OpenAI resource, by the OAuth 2.0 client-credentials grant
 * ({@code POST <token endpoint>} with {@code grant_type=client_credentials}, {@code client_id},
 * {@code client_secret}, {@code scope}; the answer's {@code access_token} and {@code expires_in}). The token is
 * kept and fetched again in the background well before it expires (five minutes before, or at half its life when
 * it lives less than ten), on the shared HTTP client's scheduler and with its non-blocking requests: a call only
 * reads the current {@code Authorization} value, never waits for Entra. A failed fetch is tried again with backoff
 * (2 s doubling to 60 s) while the old token is still used. Neither the secret nor a token is ever logged or put in
 * a message.
 */
final class EntraTokens implements AutoCloseable {

    static final String DEFAULT_SCOPE = "https://cognitiveservices.azure.com/.default";
    static final String TOKEN_ENDPOINT = "https://login.microsoftonline.com/%s/oauth2/v2.0/token";

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokens.class);
    private static final long EARLY_SECONDS = 300;
    private static final long FIRST_RETRY_MS = 2_000;
    private static final long MAX_RETRY_MS = 60_000;

    private final HttpClient client;
    private final Scheduler scheduler;
    private final URI endpoint;
    private final byte[] form;
    private final String secret;
    private final Duration timeout;
    private final String instanceId;
    private final CompletableFuture<Void> first = new CompletableFuture<>();

    private volatile String authorization;
    private volatile boolean closed;
    private volatile Scheduler.Task next;
    // touched only by the one fetch in flight (fetches follow each other, never overlap)
    private long retryMs = FIRST_RETRY_MS;

    EntraTokens(HttpClient client, URI endpoint, String clientId, String secret, String scope, Duration timeout,
                String instanceId) {
        this.client = client;
        this.scheduler = client.getScheduler();
        this.endpoint = endpoint;
        this.secret = secret;
        this.timeout = timeout;
        this.instanceId = instanceId;
        this.form = ("grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret="
                + encode(secret) + "&scope=" + encode(scope)).getBytes(StandardCharsets.UTF_8);
    }

    /** The value of the {@code Authorization} header now ({@code Bearer <token>}), {@code null} before the first. */
    String authorization() {
        return authorization;
    }

    /** Fetches the first token; the future completes when it is there, or fails with why (retries go on). */
    CompletableFuture<Void> start() {
        fetch();
        return first;
    }

    private void fetch() {
        if (closed) {
            return;
        }
        CompletableFuture<UpstreamResponse> call;
        try {
            call = JsonPost.to(client, endpoint, "entra-id")
                    .header("Accept", "application/json")
                    .body(form, "application/x-www-form-urlencoded")
                    .timeout(timeout)
                    .connectTimeout(timeout)
                    .send();
        } catch (RuntimeException e) {
            failed("the token request could not be sent (" + e.getClass().getSimpleName() + ")");
            return;
        }
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                failed(Redaction.redact(String.valueOf(cause.getMessage()), 300, secret));
            } else if (!response.isSuccess()) {
                failed("HTTP " + response.status() + " " + errorOf(response));
            } else {
                accept(response);
            }
        });
    }

    private void accept(UpstreamResponse response) {
        String token;
        long expiresIn;
        try (JsonParser p = JsonValues.FACTORY.createParser(response.body())) {
            p.nextToken();
            if (!(JsonValues.read(p) instanceof Map<?, ?> answer) || !(answer.get("access_token") instanceof String t)
                    || t.isBlank()) {
                failed("the answer has no access_token");
                return;
            }
            token = t;
            expiresIn = seconds(answer.get("expires_in"));
        } catch (IOException | RuntimeException e) {
            failed("unreadable answer (" + e.getClass().getSimpleName() + ")");
            return;
        }
        authorization = "Bearer " + token;
        retryMs = FIRST_RETRY_MS;
        first.complete(null);
        long refreshIn = refreshDelaySeconds(expiresIn);
        LOG.debug("Entra ID token for '{}' obtained, valid {} s, refreshed in {} s", instanceId, expiresIn, refreshIn);
        schedule(TimeUnit.SECONDS.toMillis(refreshIn));
    }

    private void failed(String why) {
        if (closed) {
            return;
        }
        long delay = retryMs;
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        String message = "Entra ID token for '" + instanceId + "' could not be obtained from " + endpoint.getHost()
                + ": " + why;
        if (first.completeExceptionally(new IllegalStateException(message))) {
            LOG.warn("{}; trying again in {} ms", message, delay);
        } else {
            LOG.warn("{}; the current token is used meanwhile, trying again in {} ms", message, delay);
        }
        schedule(delay);
    }

    private void schedule(long delayMs) {
        if (!closed) {
            next = scheduler.schedule(this::fetch, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** When to fetch the next token: five minutes early, or at half the life of a short-lived one; at least 1 s. */
    static long refreshDelaySeconds(long expiresIn) {
        long delay = expiresIn > 2 * EARLY_SECONDS ? expiresIn - EARLY_SECONDS : expiresIn / 2;
        return Math.max(1, delay);
    }

    /** Entra's {@code error} code and the AADSTS description's first line (neither holds the secret). */
    private String errorOf(UpstreamResponse response) {
        try (JsonParser p = JsonValues.FACTORY.createParser(response.body())) {
            p.nextToken();
            if (JsonValues.read(p) instanceof Map<?, ?> answer && answer.get("error") instanceof String error) {
                String description = answer.get("error_description") instanceof String d ? d.lines().findFirst()
                        .orElse("") : "";
                return Redaction.redact(error + (description.isEmpty() ? "" : ": " + description), 300, secret);
            }
        } catch (IOException | RuntimeException e) {
            // not Entra's error shape: the status says enough
        }
        return "";
    }

    // v2 answers a number; the v1 endpoint and some proxies a string
    private static long seconds(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        Scheduler.Task task = next;
        if (task != null) {
            task.cancel();
        }
    }

    @Override
    public String toString() {
        return "EntraTokens[" + instanceId + ", " + endpoint.getHost() + "]";
    }
}
