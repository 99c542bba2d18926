package dev.switchboard.rest.internal.json;

import dev.switchboard.core.api.GatewayException;
import java.io.IOException;
import java.io.OutputStream;

/** An endpoint's error body: OpenAI's on {@code /v1/chat/completions}, Anthropic's on {@code /v1/messages}. */
public interface ErrorBodyWriter {

    void write(GatewayException error, OutputStream out) throws IOException;
}
