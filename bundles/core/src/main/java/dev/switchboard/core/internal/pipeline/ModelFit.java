package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.Modality;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.util.List;
import java.util.Map;

/**
 * Whether a request can fit the model it names, from the catalog alone, so a request no upstream could take is a
 * 400 before any upstream call (and before quotas count it): the estimated prompt plus the output it asks for
 * within the context window, the output within the model's output limit, and every modality it sends handled.
 * A request fits when it fits one of its routes (instances may know a model with different limits); an unknown
 * (0) limit never refuses. Costs a loop over the routes and, only for messages with content parts, over the parts.
 */
final class ModelFit {

    static final String CONTEXT_CODE = "context_length_exceeded";

    private ModelFit() {
    }

    /** For chat: {@code promptTokens} as {@link TokenEstimate#ofPrompt} counts them. */
    static void check(ChatRequest request, long promptTokens, List<Route> routes) {
        Modality needed = modalityOf(request);
        long output = request.maxTokens() == null ? 0 : request.maxTokens();
        GatewayException refusal = null;
        for (int i = 0; i < routes.size(); i++) {
            GatewayException why = refusal(routes.get(i).model(), needed, promptTokens, output, "max_tokens");
            if (why == null) {
                return;
            }
            if (refusal == null) {
                refusal = why;
            }
        }
        if (refusal != null) {
            throw refusal;
        }
    }

    /** For other endpoints: the modality the endpoint needs (null: text) and the tokens it sends and asks for. */
    static void check(List<Route> routes, Modality needed, long promptTokens, long outputTokens, String outputParam) {
        GatewayException refusal = null;
        for (int i = 0; i < routes.size(); i++) {
            GatewayException why = refusal(routes.get(i).model(), needed, promptTokens, outputTokens, outputParam);
            if (why == null) {
                return;
            }
            if (refusal == null) {
                refusal = why;
            }
        }
        if (refusal != null) {
            throw refusal;
        }
    }

    private static GatewayException refusal(ModelInfo model, Modality needed, long prompt, long output,
                                            String outputParam) {
        if (needed != null && !model.handles(needed)) {
            return GatewayException.invalidRequest(needed == Modality.IMAGE ? "messages" : "model", "The model '"
                    + model.id() + "' does not accept " + needed.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        if (model.maxOutputTokens() > 0 && output > model.maxOutputTokens()) {
            return GatewayException.invalidRequest(outputParam, "'" + outputParam + "' is too large: " + output
                    + ". The model '" + model.id() + "' supports at most " + model.maxOutputTokens()
                    + " completion tokens.");
        }
        if (model.contextWindow() > 0 && prompt + output > model.contextWindow()) {
            return new GatewayException(400, "invalid_request_error", CONTEXT_CODE, "messages",
                    "This model's maximum context length is " + model.contextWindow() + " tokens. However, you "
                            + "requested about " + (prompt + output) + " tokens (about " + prompt
                            + " in the messages, " + output + " in the completion). Please reduce the length of "
                            + "the messages or completion.", null);
        }
        return null;
    }

    /** The first modality beyond text the request sends or asks for, or null. */
    static Modality modalityOf(ChatRequest request) {
        if (request.extensions().get("modalities") instanceof List<?> asked && asked.contains("audio")) {
            return Modality.AUDIO;
        }
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> extensions = messages.get(i).extensions();
            if (!extensions.isEmpty() && extensions.get("content") instanceof List<?> parts) {
                for (Object part : parts) {
                    if (part instanceof Map<?, ?> map) {
                        Object type = map.get("type");
                        if ("image_url".equals(type)) {
                            return Modality.IMAGE;
                        }
                        if ("input_audio".equals(type)) {
                            return Modality.AUDIO;
                        }
                    }
                }
            }
        }
        return null;
    }
}
