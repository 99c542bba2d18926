package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.ChatCompletionWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-streaming chat request in flight: answers with the outcome, the gateway's error, or 504 when the
 * deadline passes first — whichever comes first, exactly once.
 */
final class CompletionExchange implements AsyncListener {

    static final String PROVIDER_HEADER = "x-switchboard-provider";
    static final String CACHE_HEADER = "x-switchboard-cache";
    static final String COST_HEADER = "x-switchboard-cost-usd";

    private static final Logger LOG = LoggerFactory.getLogger(CompletionExchange.class);
    private static final ChatCompletionWriter WRITER = new ChatCompletionWriter();

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AtomicBoolean answered = new AtomicBoolean();

    private CompletionExchange(AsyncContext async, HttpServletResponse response) {
        this.async = async;
        this.response = response;
    }

    static void start(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                      ChatRequest request) {
        CompletionExchange exchange = new CompletionExchange(async, response);
        async.addListener(exchange);
        CompletionStage<ChatOutcome> stage;
        try {
            stage = gateway.chat(caller, request);
        } catch (RuntimeException e) {
            exchange.fail(e);
            return;
        }
        stage.whenComplete((outcome, failure) -> {
            if (failure != null) {
                exchange.fail(failure);
            } else {
                exchange.succeed(outcome);
            }
        });
    }

    private void succeed(ChatOutcome outcome) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            if (outcome.instanceId() != null) {
                response.setHeader(PROVIDER_HEADER, outcome.instanceId());
            }
            response.setHeader(CACHE_HEADER, outcome.cached() ? "hit" : "miss");
            BigDecimal cost = outcome.costUsd() == null ? BigDecimal.ZERO : outcome.costUsd();
            response.setHeader(COST_HEADER, cost.toPlainString());
            // with the length known Jetty sends headers and body in one write, not as a chunked stream
            ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
            WRITER.write(outcome.response(), body);
            response.setContentLength(body.size());
            body.writeTo(response.getOutputStream());
        } catch (IOException e) {
            LOG.debug("Client went away before the answer was written", e);
        } catch (RuntimeException | Error e) {
            // a callback's failure would otherwise vanish in the CompletableFuture and leave the client waiting
            sendQuietly(ApiErrors.unexpected(requestId(), e));
        } finally {
            complete();
        }
    }

    private void fail(Throwable failure) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        try {
            sendQuietly(ApiErrors.from(failure, requestId()));
        } finally {
            complete();
        }
    }

    private void sendQuietly(GatewayException error) {
        try {
            ErrorResponse.send(response, error);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
        }
    }

    private String requestId() {
        return response.getHeader(RequestId.HEADER);
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container completed the exchange itself (client gone); nothing is left to do
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // the stage is core's and may be shared (e.g. coalesced requests), so it is left to core's own timeouts
        fail(ApiErrors.deadlineExceeded());
    }

    @Override
    public void onError(AsyncEvent event) {
        answered.set(true);
    }

    @Override
    public void onComplete(AsyncEvent event) {
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
