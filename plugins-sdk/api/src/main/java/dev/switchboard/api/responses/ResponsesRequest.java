package dev.switchboard.api.responses;

import dev.switchboard.api.chat.Extensions;
import java.util.Map;

/**
 * A Responses API request as the client sent it: {@code body} is its JSON object, every field under its own name
 * ({@code model}, {@code input}, {@code stream}, {@code tools}, ...; numbers as {@code BigDecimal}), which the
 * provider sends upstream unchanged but for {@code model}, the name the upstream knows the model by.
 */
public record ResponsesRequest(String model, boolean stream, Map<String, Object> body) {

    public ResponsesRequest {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is required");
        }
        body = Extensions.copyOf(body);
    }

    public ResponsesRequest withModel(String otherModel) {
        return new ResponsesRequest(otherModel, stream, body);
    }
}
