package dev.switchboard.rest.internal.http;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.rest.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/messages/count_tokens}: {@code {"input_tokens": n}}, an <em>estimate</em> (no provider offers
 * counting through the SPI yet): about four characters of text per token, as core estimates usage, and
 * {@value #TOKENS_PER_IMAGE} per image. Answered at once, without calling a provider; written without blocking.
 */
final class TokenCountExchange implements Exchange {

    static final int TOKENS_PER_IMAGE = 1600;
    private static final Logger LOG = LoggerFactory.getLogger(TokenCountExchange.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ChatRequest request;
    private ClientOutput output;
    private boolean completed;

    TokenCountExchange(AsyncContext async, HttpServletResponse response, ChatRequest request) {
        this.async = async;
        this.response = response;
        this.request = request;
    }

    static long estimate(ChatRequest request) {
        long chars = 0;
        long images = 0;
        for (ChatMessage message : request.messages()) {
            chars += message.content() == null ? 0 : message.content().length();
            if (message.extensions().get("content") instanceof List<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> map && !"text".equals(map.get("type"))) {
                        images++;
                    }
                }
            }
            if (message.extensions().get("tool_calls") != null) {
                chars += json(message.extensions().get("tool_calls")).length();
            }
        }
        if (request.extensions().get("tools") != null) {
            chars += json(request.extensions().get("tools")).length();
        }
        return (chars + 3) / 4 + images * TOKENS_PER_IMAGE;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public synchronized void start() {
        try {
            output = new ClientOutput(response.getOutputStream());
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setHeader("x-switchboard-token-count", "estimate");
            output.write(("{\"input_tokens\":" + estimate(request) + "}").getBytes(StandardCharsets.UTF_8));
            response.setContentLength(output.buffered());
            if (output.drain()) {
                complete();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Client went away before the count was written", e);
            complete();
        }
    }

    @Override
    public synchronized void onWritePossible() throws IOException {
        if (!completed && output != null && output.drain()) {
            complete();
        }
    }

    @Override
    public void onError(Throwable failure) {
        complete();
    }

    private synchronized void complete() {
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
            // the container completed the exchange itself
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        complete();
    }

    @Override
    public void onError(AsyncEvent event) {
        complete();
    }

    @Override
    public synchronized void onComplete(AsyncEvent event) {
        completed = true;
        if (output != null) {
            output.release();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }
}
