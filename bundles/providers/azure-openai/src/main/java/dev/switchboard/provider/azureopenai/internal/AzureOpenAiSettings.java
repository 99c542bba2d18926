package dev.switchboard.provider.azureopenai.internal;

import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.support.openai.OpenAiCalls;
import dev.switchboard.support.provider.InstanceSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Azure OpenAI resource as an instance sees it: which surface it calls, how it authenticates, and for each
 * model the deployment that serves it and the URL to post to, all worked out once when the instance is made so a
 * call only looks its model up. Read from {@link InstanceConfig#settings()}, so operator instances
 * ({@code type = azure-openai}) take the same keys as the bundle's own configuration.
 */
record AzureOpenAiSettings(String endpoint, Surface surface, Auth auth, String apiVersion,
                           Map<String, String> deployments, Map<String, URI> uris,
                           Map<String, Map<OpenAiCalls.Path, URI>> pathUris,
                           Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout) {

    static final String DEFAULT_API_VERSION = "2024-10-21";

    static final String AUTH = "auth";
    static final String SURFACE = "surface";
    static final String API_VERSION = "api.version";
    static final String DEPLOYMENTS = "deployments";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** The classic per-deployment paths, or the OpenAI-style {@code /openai/v1} surface. */
    enum Surface { DEPLOYMENTS, V1 }

    /** The resource key in {@code api-key}, or a Microsoft Entra ID token in {@code Authorization: Bearer}. */
    enum Auth { API_KEY, BEARER }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static AzureOpenAiSettings from(InstanceConfig config) {
        Map<String, String> settings = config.settings();
        Surface surface = InstanceSettings.enumValue(settings, SURFACE, Surface.class, Surface.DEPLOYMENTS);
        String authText = InstanceSettings.text(settings, AUTH);
        Auth auth = authText == null ? Auth.API_KEY : switch (authText.toLowerCase(Locale.ROOT)) {
            case "api-key", "api_key" -> Auth.API_KEY;
            case "bearer", "entra" -> Auth.BEARER;
            default -> throw new IllegalArgumentException(AUTH + " must be api-key or bearer, was '" + authText + "'");
        };
        String configuredVersion = InstanceSettings.text(settings, API_VERSION);
        String apiVersion = configuredVersion == null && surface == Surface.DEPLOYMENTS
                ? DEFAULT_API_VERSION : configuredVersion;
        Map<String, String> deployments = deployments(InstanceSettings.text(settings, DEPLOYMENTS));
        // checks the endpoint once, whatever the models
        InstanceSettings.httpUrl(config.baseUrl(), "/openai", "endpoint (base.url)");
        // every URL is made now, so a call only looks its deployment up
        Map<String, URI> uris = new LinkedHashMap<>();
        for (ModelInfo model : config.models()) {
            String deployment = deployments.getOrDefault(model.id(), model.id());
            uris.put(deployment, uri(config.baseUrl(), surface, apiVersion, deployment));
        }
        deployments.values().forEach(deployment ->
                uris.computeIfAbsent(deployment, name -> uri(config.baseUrl(), surface, apiVersion, name)));
        Map<String, Map<OpenAiCalls.Path, URI>> pathUris = new LinkedHashMap<>();
        for (String deployment : uris.keySet()) {
            pathUris.put(deployment, pathUris(config.baseUrl(), surface, apiVersion, deployment));
        }
        return new AzureOpenAiSettings(config.baseUrl().trim(), surface, auth, apiVersion, Map.copyOf(deployments),
                Map.copyOf(uris), Map.copyOf(pathUris),
                InstanceSettings.millis(settings, CONNECT_TIMEOUT_MS, 10_000),
                InstanceSettings.millis(settings, REQUEST_TIMEOUT_MS, 300_000),
                InstanceSettings.millis(settings, STREAM_IDLE_TIMEOUT_MS, 300_000));
    }

    /** The deployment that serves {@code model}: the mapped one, else a deployment named after the model. */
    String deployment(String model) {
        return deployments.getOrDefault(model, model);
    }

    /** Where calls to {@code deployment} go. */
    URI uri(String deployment) {
        URI uri = uris.get(deployment);
        return uri != null ? uri : uri(endpoint, surface, apiVersion, deployment);
    }

    /** Where calls of {@code path} (embeddings, images, audio, completions) to {@code deployment} go. */
    URI uri(OpenAiCalls.Path path, String deployment) {
        Map<OpenAiCalls.Path, URI> known = pathUris.get(deployment);
        return known != null ? known.get(path) : uri(endpoint, surface, apiVersion, deployment, path.suffix());
    }

    /** The resource's models list ({@code /openai/models} or {@code /openai/v1/models}), for the health check. */
    URI modelsUri() {
        String query = apiVersion == null ? "" : "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        return InstanceSettings.httpUrl(endpoint, (surface == Surface.V1 ? "/openai/v1/models" : "/openai/models")
                + query, "endpoint (base.url)");
    }

    private static Map<OpenAiCalls.Path, URI> pathUris(String endpoint, Surface surface, String apiVersion,
                                                       String deployment) {
        Map<OpenAiCalls.Path, URI> uris = new EnumMap<>(OpenAiCalls.Path.class);
        for (OpenAiCalls.Path path : OpenAiCalls.Path.values()) {
            uris.put(path, uri(endpoint, surface, apiVersion, deployment, path.suffix()));
        }
        return uris;
    }

    private static URI uri(String endpoint, Surface surface, String apiVersion, String deployment) {
        return uri(endpoint, surface, apiVersion, deployment, "/chat/completions");
    }

    /**
     * {@code /openai/deployments/{deployment}{suffix}?api-version=...} on the classic surface (the deployment in the
     * path), {@code /openai/v1{suffix}} on the v1 one (the deployment goes in the body's {@code model}).
     */
    private static URI uri(String endpoint, Surface surface, String apiVersion, String deployment, String suffix) {
        String query = apiVersion == null ? "" : "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        String path = surface == Surface.V1 ? "/openai/v1" + suffix
                : "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8).replace("+", "%20")
                + suffix;
        return InstanceSettings.httpUrl(endpoint, path + query, "endpoint (base.url)");
    }

    /** {@code gpt-4o=my-gpt4o, gpt-4o-mini=mini}: model name to deployment name. */
    static Map<String, String> deployments(String value) {
        Map<String, String> deployments = new LinkedHashMap<>();
        if (value == null) {
            return deployments;
        }
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String model = eq < 0 ? "" : entry.substring(0, eq).trim();
            String deployment = eq < 0 ? "" : entry.substring(eq + 1).trim();
            if (model.isEmpty() || deployment.isEmpty()) {
                throw new IllegalArgumentException(DEPLOYMENTS + " entry '" + entry.trim() + "' is not model=deployment");
            }
            deployments.put(model, deployment);
        }
        return deployments;
    }
}
