package dev.switchboard.rest.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.rest.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import javax.servlet.http.HttpServletRequest;

/**
 * The JSON body of an admin request, the one way every admin servlet reads it: read whole on the servlet thread,
 * bounded by {@link #MAX_BYTES} (413 in OpenAI's error shape beyond, refused on a declared length before any of it
 * is read), with the refused body dropped first as {@link RefusedBody} rules so a client still writing reads the
 * 413; a body that is not JSON, or not an object, is a 400. Not the request path: a tree is fine here.
 */
final class AdminBody {

    /** Far more than any admin body needs (a route, a limit definition, an instance, a key). */
    static final int MAX_BYTES = 65_536;

    private AdminBody() {
    }

    /** The body as a JSON object; an empty body is a 400 (the endpoint needs one). */
    static ObjectNode object(HttpServletRequest request) throws IOException {
        byte[] bytes = bytes(request);
        if (bytes.length == 0) {
            throw GatewayException.invalidRequest(null, "The body must be a JSON object.");
        }
        return parsed(bytes);
    }

    /** The body as a JSON object; an empty body is an empty object (every field of the endpoint is optional). */
    static ObjectNode objectOrEmpty(HttpServletRequest request) throws IOException {
        byte[] bytes = bytes(request);
        return bytes.length == 0 ? Json.MAPPER.createObjectNode() : parsed(bytes);
    }

    /** The whole body, at most {@link #MAX_BYTES}; a larger one is dropped as far as the rule allows, then a 413. */
    static byte[] bytes(HttpServletRequest request) throws IOException {
        InputStream in = request.getInputStream();
        long declared = request.getContentLengthLong();
        if (declared > MAX_BYTES) {
            if (RefusedBody.drains(declared, MAX_BYTES)) {
                RefusedBody.drain(in, MAX_BYTES, 0);
            }
            throw ApiErrors.bodyTooLarge(MAX_BYTES);
        }
        try {
            return new BoundedInputStream(in, MAX_BYTES).readAllBytes();
        } catch (BodyTooLargeException e) {
            // a chunked body that grew past the limit: exactly one byte past it was read
            RefusedBody.drain(in, MAX_BYTES, MAX_BYTES + 1L);
            throw ApiErrors.bodyTooLarge(MAX_BYTES);
        }
    }

    private static ObjectNode parsed(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            // on a byte array only a parse failure (JsonProcessingException): the client's bytes
            throw GatewayException.invalidRequest(null, "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.invalidRequest(null, "The body must be a JSON object.");
        }
        return (ObjectNode) node;
    }
}
