package dev.switchboard.rest.internal.http;

import dev.switchboard.core.api.Authenticator;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * What every {@code POST} endpoint beyond chat does before its own part, exactly as chat does it: core's services
 * or a 503, the key from the headers (401 before any body byte is read), the declared length against the bound
 * (413), then async with the body read without blocking ({@link RequestBody}: bounded in bytes and time), and an
 * {@link Exchange} that answers without blocking. A subclass is a DS component (its whiteboard annotations; the
 * references and configuration are inherited, see {@link GatewayServlet}) and says how a whole body becomes an
 * exchange.
 */
abstract class EndpointServlet extends PostServlet {

    private static final long serialVersionUID = 1L;

    EndpointServlet() {
    }

    /** For tests: the services bound without DS. */
    EndpointServlet(Gateway gateway, Authenticator authenticator) {
        super(gateway, authenticator);
    }

    /** The body bound of this endpoint ({@code max.body.bytes}; uploads have their own). */
    long bodyLimit() {
        return maxBodyBytes;
    }

    /** Parses the whole body (a 400 for a bad one) and creates, without starting, the exchange that serves it. */
    abstract Exchange exchangeFor(ExchangeContext context, byte[] body, int length) throws IOException;

    /** What an exchange needs from the request that created it. */
    record ExchangeContext(AsyncContext async, HttpServletRequest request, HttpServletResponse response,
                           Gateway gateway, Caller caller, String requestId, int streamBufferBytes) {
    }

    @Override
    protected final void handle(HttpServletRequest request, HttpServletResponse response, String requestId)
            throws IOException {
        Gateway gateway = this.gateway;
        Authenticator authenticator = this.authenticator;
        if (gateway == null || authenticator == null) {
            throw ApiErrors.gatewayUnavailable();
        }
        Caller caller = BearerAuthentication.withContext(BearerAuthentication.authenticate(request, authenticator),
                request);
        long limit = bodyLimit();
        long contentLength = request.getContentLengthLong();
        if (contentLength > limit) {
            // read and dropped first (without blocking) when not far over, so a client still writing reads the 413
            RequestBody.refuseTooLarge(request, response, limit, contentLength, bodyTimeoutMillis, format().errors());
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(deadlineMillis);
        ExchangeContext context = new ExchangeContext(async, request, response, gateway, caller, requestId,
                streamBufferBytes);
        RequestBody.read(async, response, limit, contentLength, bodyTimeoutMillis,
                (body, length) -> exchangeFor(context, body, length));
    }

    /** An exchange with one JSON (or text) answer written by {@code body}, with the outcome's headers. */
    static <R> CompletionExchange<Outcome<R>> answer(ExchangeContext context,
                                                     Supplier<CompletionStage<Outcome<R>>> call,
                                                     String contentType, BodyWriter<R> body) {
        String type = contentType == null ? "application/json" : contentType;
        return answer(context, call, response -> type, body);
    }

    /** {@link #answer} with a media type that depends on the answer (a transcription's format). */
    static <R> CompletionExchange<Outcome<R>> answer(ExchangeContext context,
                                                     Supplier<CompletionStage<Outcome<R>>> call,
                                                     java.util.function.Function<R, String> contentType,
                                                     BodyWriter<R> body) {
        return new CompletionExchange<>(context.async(), context.response(), new CompletionExchange.Answer<>() {
            @Override
            public CompletionStage<Outcome<R>> call() {
                return call.get();
            }

            @Override
            public void write(Outcome<R> outcome, HttpServletResponse to, OutputStream out) throws IOException {
                to.setStatus(HttpServletResponse.SC_OK);
                to.setContentType(contentType.apply(outcome.response()));
                headers(to, outcome.instanceId(), outcome.costUsd());
                body.write(outcome.response(), out);
            }
        });
    }

    /** The headers every answer carries: which instance served it and its cost. */
    static void headers(HttpServletResponse response, String instanceId, BigDecimal cost) {
        if (instanceId != null) {
            response.setHeader(CompletionExchange.PROVIDER_HEADER, instanceId);
        }
        response.setHeader(CompletionExchange.COST_HEADER, (cost == null ? BigDecimal.ZERO : cost).toPlainString());
    }

    @FunctionalInterface
    interface BodyWriter<R> {
        void write(R response, OutputStream out) throws IOException;
    }
}
