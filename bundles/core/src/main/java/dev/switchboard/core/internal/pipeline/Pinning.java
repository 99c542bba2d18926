package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.internal.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request pinned to an instance or a provider type: by header ({@value #INSTANCE_HEADER},
 * {@value #PROVIDER_HEADER}, read by REST into the {@link Caller}) or by body field ({@value #INSTANCE_FIELD},
 * {@value #PROVIDER_FIELD}, read here and never sent upstream); a header wins over the field. Only a key that
 * {@link Caller#mayPin() may pin} can; the routes kept are those of the model (or the alias's candidates) that match.
 */
public final class Pinning {

    public static final String INSTANCE_HEADER = "x-switchboard-instance";
    public static final String PROVIDER_HEADER = "x-switchboard-provider";
    public static final String INSTANCE_FIELD = "switchboard_instance";
    public static final String PROVIDER_FIELD = "switchboard_provider";

    private Pinning() {
    }

    /** The caller with the pins the request's body names added (the caller itself when it names none). */
    static Caller withFields(Caller caller, ChatRequest request) {
        Map<String, Object> extensions = request.extensions();
        if (extensions.isEmpty()) {
            return caller;
        }
        Object instance = extensions.get(INSTANCE_FIELD);
        Object provider = extensions.get(PROVIDER_FIELD);
        if (instance == null && provider == null) {
            return caller;
        }
        return caller.pinning(caller.pinnedInstance() != null ? caller.pinnedInstance() : text(INSTANCE_FIELD, instance),
                caller.pinnedProvider() != null ? caller.pinnedProvider() : text(PROVIDER_FIELD, provider));
    }

    private static String text(String field, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw GatewayException.invalidRequest(field, "'" + field + "' must be a string.");
    }

    /**
     * The routes of what the caller pinned: a 403 for a key that may not pin, a 400 when nothing pinned serves the
     * model.
     */
    static List<Route> routes(Caller caller, String model, List<Route> routes) {
        String param = caller.pinnedInstance() != null ? INSTANCE_HEADER : PROVIDER_HEADER;
        if (!caller.mayPin()) {
            throw new GatewayException(403, "permission_error", "pinning_not_allowed", param,
                    "This API key may not pin an instance or a provider (" + param + ").", null);
        }
        List<Route> pinned = new ArrayList<>(1);
        for (Route route : routes) {
            if ((caller.pinnedInstance() == null || route.instanceId().equals(caller.pinnedInstance()))
                    && (caller.pinnedProvider() == null || route.providerType().equals(caller.pinnedProvider()))) {
                pinned.add(route);
            }
        }
        if (pinned.isEmpty()) {
            String what = caller.pinnedInstance() != null ? "instance '" + caller.pinnedInstance() + "'"
                    : "provider '" + caller.pinnedProvider() + "'";
            if (caller.pinnedInstance() != null && caller.pinnedProvider() != null) {
                what += " of provider '" + caller.pinnedProvider() + "'";
            }
            throw GatewayException.invalidRequest(param, "The " + what + " does not serve the model '" + model + "'.");
        }
        return pinned;
    }
}
