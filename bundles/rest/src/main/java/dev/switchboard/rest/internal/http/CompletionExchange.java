package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-streaming chat request in flight: answers with the outcome, the gateway's error, or 504 when the
 * deadline passes first — whichever comes first, exactly once. The answer is written without blocking: the
 * gateway's thread hands it to the client as far as the client takes it, and the container finishes the rest
 * in {@link #onWritePossible()}.
 */
final class CompletionExchange implements Exchange {

    static final String PROVIDER_HEADER = "x-switchboard-provider";
    static final String CACHE_HEADER = "x-switchboard-cache";
    static final String COST_HEADER = "x-switchboard-cost-usd";

    private static final Logger LOG = LoggerFactory.getLogger(CompletionExchange.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Gateway gateway;
    private final Caller caller;
    private final ChatRequest request;
    private final AnswerFormat format;
    private ClientOutput output;
    private boolean answered;
    private boolean completed;

    CompletionExchange(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                       ChatRequest request) {
        this(async, response, gateway, caller, request, AnswerFormat.OPENAI);
    }

    CompletionExchange(AsyncContext async, HttpServletResponse response, Gateway gateway, Caller caller,
                       ChatRequest request, AnswerFormat format) {
        this.format = format;
        this.async = async;
        this.response = response;
        this.gateway = gateway;
        this.caller = caller;
        this.request = request;
    }

    @Override
    public void start() {
        CompletionStage<ChatOutcome> stage;
        try {
            stage = gateway.chat(caller, request);
        } catch (RuntimeException | Error e) {
            fail(e);
            return;
        }
        stage.whenComplete((outcome, failure) -> {
            if (failure != null) {
                fail(failure);
            } else {
                succeed(outcome);
            }
        });
    }

    private synchronized void succeed(ChatOutcome outcome) {
        if (answered) {
            return;
        }
        answered = true;
        try {
            output = new ClientOutput(response.getOutputStream());
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            if (outcome.instanceId() != null) {
                response.setHeader(PROVIDER_HEADER, outcome.instanceId());
            }
            response.setHeader(CACHE_HEADER, outcome.cacheStatus());
            BigDecimal cost = outcome.costUsd() == null ? BigDecimal.ZERO : outcome.costUsd();
            response.setHeader(COST_HEADER, cost.toPlainString());
            // with the length known Jetty sends headers and body in one write, not as a chunked stream
            format.writeResponse(outcome.response(), output);
            response.setContentLength(output.buffered());
            writeThenComplete(false);
        } catch (IOException e) {
            LOG.debug("Client went away before the answer was written", e);
            complete();
        } catch (RuntimeException | Error e) {
            // a callback's failure would otherwise vanish in the CompletableFuture and leave the client waiting
            if (output != null) {
                output.release();
            }
            send(ApiErrors.unexpected(requestId(), e), false);
        }
    }

    private void fail(Throwable failure) {
        fail(ApiErrors.from(failure, requestId()), false);
    }

    private synchronized void fail(GatewayException error, boolean now) {
        if (answered) {
            return;
        }
        answered = true;
        send(error, now);
    }

    private void send(GatewayException error, boolean now) {
        try {
            output = new ClientOutput(response.getOutputStream());
            if (ErrorResponse.send(output.capture(response), error, format.errors())) {
                response.setContentLength(output.buffered());
            }
            writeThenComplete(now);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the error was written", e);
            complete();
        }
    }

    /** Completes once the client took everything, or at once when {@code now} (it may cut a slow client off). */
    private void writeThenComplete(boolean now) throws IOException {
        if (output.drain() || now) {
            complete();
        }
    }

    @Override
    public synchronized void onWritePossible() throws IOException {
        if (answered && !completed && output != null) {
            writeThenComplete(false);
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.debug("Client went away while the answer was written", failure);
        synchronized (this) {
            answered = true;
            complete();
        }
    }

    private String requestId() {
        return response.getHeader(RequestId.HEADER);
    }

    private void complete() {
        if (completed) {
            return;
        }
        completed = true;
        if (output != null) {
            output.release();
        }
        try {
            async.complete();
        } catch (IllegalStateException alreadyCompleted) {
            // the container completed the exchange itself (client gone); nothing is left to do
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // the stage is core's and may be shared (e.g. coalesced requests), so it is left to core's own timeouts;
        // the container needs the exchange completed now, so a client still taking an answer is cut off
        synchronized (this) {
            if (answered) {
                complete();
                return;
            }
        }
        fail(ApiErrors.deadlineExceeded(), true);
    }

    @Override
    public synchronized void onError(AsyncEvent event) {
        answered = true;
        complete();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        answered = true;
        completed = true;
        if (output != null) {
            output.release();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
