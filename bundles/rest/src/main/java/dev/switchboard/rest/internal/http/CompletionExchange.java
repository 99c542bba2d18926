package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamListener;
import dev.switchboard.rest.internal.json.ErrorBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One non-streaming request in flight (chat, or any endpoint with a single answer: its {@link Answer} says how to
 * call the gateway and how to write the outcome): answers with the outcome, the gateway's error, or 504 when the
 * deadline passes first — whichever comes first, exactly once. The answer is written without blocking: the
 * gateway's thread hands it to the client as far as the client takes it, and the container finishes the rest
 * in {@link #onWritePossible()}.
 */
final class CompletionExchange<T> implements Exchange {

    /** What differs per endpoint: the gateway call and how its outcome is written (status, headers, body). */
    interface Answer<T> {
        CompletionStage<T> call();

        /** Sets status and headers on {@code response} and writes the body to {@code body}. */
        void write(T outcome, HttpServletResponse response, OutputStream body) throws IOException;

        /** How errors are written: OpenAI's shape unless the endpoint speaks another API. */
        default ErrorBodyWriter errors() {
            return AnswerFormat.OPENAI.errors();
        }
    }

    static final String PROVIDER_HEADER = "x-switchboard-provider";
    static final String CACHE_HEADER = "x-switchboard-cache";
    static final String COST_HEADER = "x-switchboard-cost-usd";
    /** The model that answered, as the upstream named it (an alias's candidate, or the asked model). */
    static final String MODEL_HEADER = "x-switchboard-model";
    /** {@code true} on a never-throw route's configured answer, given because every candidate failed. */
    static final String FALLBACK_HEADER = "x-switchboard-fallback";
    /** Pins a request to one instance (keys that may pin; core checks). */
    static final String PIN_HEADER = "x-switchboard-instance";
    /** Pins a request to one provider type (keys that may pin; core checks). */
    static final String PIN_PROVIDER_HEADER = "x-switchboard-provider";

    private static final Logger LOG = LoggerFactory.getLogger(CompletionExchange.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final Answer<T> answer;
    private ClientOutput output;
    private boolean answered;
    private boolean completed;

    CompletionExchange(AsyncContext async, HttpServletResponse response, Answer<T> answer) {
        this.async = async;
        this.response = response;
        this.answer = answer;
    }

    /** A chat completion in OpenAI's format. */
    static CompletionExchange<ChatOutcome> chat(AsyncContext async, HttpServletResponse response, Gateway gateway,
                                                Caller caller, String requestId, ChatRequest request) {
        return chat(async, response, gateway, caller, requestId, request, AnswerFormat.OPENAI);
    }

    /** A chat answer in the format of the API the endpoint speaks (OpenAI's, Anthropic's, the Responses API). */
    static CompletionExchange<ChatOutcome> chat(AsyncContext async, HttpServletResponse response, Gateway gateway,
                                                Caller caller, String requestId, ChatRequest request,
                                                AnswerFormat format) {
        return new CompletionExchange<>(async, response, new Answer<>() {
            @Override
            public CompletionStage<ChatOutcome> call() {
                return gateway.chat(caller, requestId, request);
            }

            @Override
            public void write(ChatOutcome outcome, HttpServletResponse to, OutputStream body) throws IOException {
                to.setStatus(HttpServletResponse.SC_OK);
                to.setContentType("application/json");
                if (outcome.instanceId() != null) {
                    to.setHeader(PROVIDER_HEADER, outcome.instanceId());
                    if (StreamListener.FALLBACK.equals(outcome.instanceId())) {
                        to.setHeader(FALLBACK_HEADER, "true");
                    }
                }
                if (outcome.response().model() != null) {
                    to.setHeader(MODEL_HEADER, outcome.response().model());
                }
                to.setHeader(CACHE_HEADER, outcome.cacheStatus());
                BigDecimal cost = outcome.costUsd() == null ? BigDecimal.ZERO : outcome.costUsd();
                to.setHeader(COST_HEADER, cost.toPlainString());
                format.writeResponse(outcome.response(), body);
            }

            @Override
            public ErrorBodyWriter errors() {
                return format.errors();
            }
        });
    }

    @Override
    public void start() {
        CompletionStage<T> stage;
        try {
            stage = answer.call();
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

    private synchronized void succeed(T outcome) {
        if (answered) {
            return;
        }
        answered = true;
        try {
            output = new ClientOutput(response.getOutputStream());
            // with the length known Jetty sends headers and body in one write, not as a chunked stream
            answer.write(outcome, response, output);
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
            if (ErrorResponse.send(output.capture(response), error, answer.errors())) {
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
