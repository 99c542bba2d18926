package dev.switchboard.provider.httptemplate.internal;

import dev.switchboard.api.chat.ChatChoice;
import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.Redaction;
import dev.switchboard.support.http.RetryAfter;
import dev.switchboard.support.http.StatusMapping;
import dev.switchboard.support.http.UpstreamAnswer;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.provider.ChunkStream;
import dev.switchboard.support.provider.Deadlines;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/** One templated HTTP API. Holds no connections of its own: calls go through the shared client. */
final class HttpTemplateInstance implements ProviderInstance {

    private static final int MAX_MESSAGE_CHARS = 500;

    private final InstanceConfig config;
    private final HttpTemplateSettings settings;
    private final HttpClient client;
    /** Everything that may be a secret (the key, header values): cut out of every message. */
    private final String[] secrets;

    HttpTemplateInstance(InstanceConfig config, HttpTemplateSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.secrets = settings.headers().values().toArray(String[]::new);
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        return UpstreamAnswer.send(post(request, false, context), config.id(),
                response -> error(response),
                response -> HttpTemplateMapping.toResponse(HttpTemplateMapping.read(response.body()), settings,
                        request.model()));
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        if (settings.streamFormat() == HttpTemplateSettings.StreamFormat.NONE) {
            replay(request, context, subscriber);
            return;
        }
        HttpTemplateStream stream = new HttpTemplateStream(subscriber, settings, request.model(), secrets);
        ChunkStream out = stream.out();
        if (!out.open()) {
            return;
        }
        JsonPost post = post(request, true, context).idleTimeout(settings.streamIdleTimeout());
        out.onCancel((settings.streamFormat() == HttpTemplateSettings.StreamFormat.SSE
                ? post.stream(stream, this::error) : post.streamLines(stream, this::error))::cancel);
    }

    /** An API that does not stream: the complete answer, replayed as role, text, finish reason and usage. */
    private void replay(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        ChunkStream out = new ChunkStream(subscriber);
        if (!out.open()) {
            return;
        }
        CompletableFuture<ChatResponse> call = chat(request, context).toCompletableFuture();
        out.onCancel(() -> call.cancel(true));
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                out.fail(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            ChatChoice choice = response.choices().get(0);
            out.next(new ChatChunk(response.id(), response.model(), 0, "assistant", "", null, null));
            out.next(new ChatChunk(response.id(), response.model(), 0, null, choice.message().content(), null, null));
            out.next(new ChatChunk(response.id(), response.model(), 0, null, null, choice.finishReason(), null));
            if (response.usage() != null && (response.usage().promptTokens() > 0 || response.usage().completionTokens() > 0)) {
                out.next(new ChatChunk(response.id(), response.model(), 0, null, null, null, response.usage()));
            }
            out.complete();
        });
    }

    private JsonPost post(ChatRequest request, boolean stream, CallContext context) {
        JsonPost post = JsonPost.to(client, settings.uri(), config.id())
                .body(settings.body().render(request, request.model(), stream))
                .timeout(Deadlines.timeout(context, settings.requestTimeout()))
                .connectTimeout(settings.connectTimeout());
        settings.headers().forEach(post::header);
        return post;
    }

    private ProviderException error(UpstreamResponse response) {
        String detail = null;
        try {
            detail = settings.errorPointer() == null ? null
                    : settings.errorPointer().findText(HttpTemplateMapping.read(response.body()));
        } catch (IOException | RuntimeException e) {
            // not JSON: the body's first words say it
        }
        String text = Redaction.redact(detail != null ? detail : response.bodyText(200), MAX_MESSAGE_CHARS, secrets);
        ErrorCode code = StatusMapping.errorCode(response.status());
        return new ProviderException(code, config.id() + " answered " + response.status()
                + (text.isBlank() ? "" : ": " + text), code.retryableByDefault(),
                RetryAfter.fromHeaders(response.headers()), response.status(), null);
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "HttpTemplateInstance[" + config + "]";
    }
}
