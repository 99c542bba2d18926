package dev.switchboard.provider.openai.internal;

import dev.switchboard.api.chat.ChatChunk;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.provider.ProviderInstance;
import dev.switchboard.support.http.JsonPost;
import dev.switchboard.support.http.UpstreamResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.eclipse.jetty.client.HttpClient;

/** One OpenAI endpoint and key. Holds no connections of its own: calls go through the shared client. */
final class OpenAiInstance implements ProviderInstance {

    private final InstanceConfig config;
    private final OpenAiSettings settings;
    private final HttpClient client;
    private final String bearer;

    OpenAiInstance(InstanceConfig config, OpenAiSettings settings, HttpClient client) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.bearer = "Bearer " + config.apiKey();
    }

    @Override
    public InstanceConfig config() {
        return config;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request, CallContext context) {
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        byte[] body;
        try {
            body = OpenAiMapping.requestBody(request, false);
        } catch (RuntimeException e) {
            result.completeExceptionally(unmappable(e));
            return result;
        }
        CompletableFuture<UpstreamResponse> call = post(body, context).send();
        call.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(unwrap(failure));
            } else if (!response.isSuccess()) {
                result.completeExceptionally(OpenAiErrors.fromResponse(response, config.apiKey()));
            } else {
                try {
                    result.complete(OpenAiMapping.toResponse(OpenAiWire.readCompletion(response.body())));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(new ProviderException(ErrorCode.INTERNAL, OpenAiErrors.PROVIDER
                            + ": unreadable response (" + e.getClass().getSimpleName() + ")", true, null,
                            response.status(), null));
                }
            }
        });
        // the caller giving up (client gone, deadline in core) must stop the upstream generation too
        result.whenComplete((response, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    @Override
    public void chatStream(ChatRequest request, CallContext context, Flow.Subscriber<? super ChatChunk> subscriber) {
        OpenAiStream stream = new OpenAiStream(subscriber, config.apiKey());
        byte[] body;
        try {
            body = OpenAiMapping.requestBody(request, true);
        } catch (RuntimeException e) {
            stream.fail(unmappable(e));
            return;
        }
        stream.start(post(body, context).idleTimeout(settings.streamIdleTimeout()));
    }

    private JsonPost post(byte[] body, CallContext context) {
        return JsonPost.to(client, settings.endpoint(), OpenAiErrors.PROVIDER)
                .header("Authorization", bearer)
                .header("OpenAI-Organization", settings.organization())
                .header("OpenAI-Project", settings.project())
                .body(body)
                .timeout(timeout(context))
                .connectTimeout(settings.connectTimeout());
    }

    private Duration timeout(CallContext context) {
        if (context == null || context.deadline() == null) {
            return settings.requestTimeout();
        }
        Duration remaining = context.remaining();
        return remaining.compareTo(settings.requestTimeout()) < 0 ? remaining : settings.requestTimeout();
    }

    private static ProviderException unmappable(RuntimeException e) {
        return new ProviderException(ErrorCode.BAD_REQUEST, OpenAiErrors.PROVIDER + ": request cannot be sent: "
                + e.getMessage(), false, null, 0, null);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the shared client
    }

    @Override
    public String toString() {
        return "OpenAiInstance[" + config + "]";
    }
}
