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
                           String responsesApiVersion, Map<String, String> deployments, Map<String, URI> uris,
                           Map<String, Map<OpenAiCalls.Path, URI>> pathUris, EntraClient entra,
                           Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout) {

    static final String DEFAULT_API_VERSION = "2024-10-21";
    /** The first GA-era version with the Responses API on the classic surface (it is preview-only there). */
    static final String DEFAULT_RESPONSES_API_VERSION = "2025-04-01-preview";

    static final String AUTH = "auth";
    static final String SURFACE = "surface";
    static final String API_VERSION = "api.version";
    static final String RESPONSES_API_VERSION = "responses.api.version";
    static final String DEPLOYMENTS = "deployments";
    static final String ENTRA_CLIENT_ID = "entra.client.id";
    static final String ENTRA_TENANT_ID = "entra.tenant.id";
    static final String ENTRA_TOKEN_ENDPOINT = "entra.token.endpoint";
    static final String ENTRA_SCOPE = "entra.scope";
    static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    static final String STREAM_IDLE_TIMEOUT_MS = "stream.idle.timeout.ms";

    /** The classic per-deployment paths, or the OpenAI-style {@code /openai/v1} surface. */
    enum Surface { DEPLOYMENTS, V1 }

    /** The resource key in {@code api-key}, or a Microsoft Entra ID token in {@code Authorization: Bearer}. */
    enum Auth { API_KEY, BEARER }

    /**
     * A Microsoft Entra ID application whose tokens the instance fetches itself (client-credentials grant; the
     * client secret is the instance's {@code api.key}), instead of one configured token.
     */
    record EntraClient(String clientId, URI tokenEndpoint, String scope) {
    }

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
        String configuredResponsesVersion = InstanceSettings.text(settings, RESPONSES_API_VERSION);
        String responsesApiVersion = configuredResponsesVersion != null ? configuredResponsesVersion
                : surface == Surface.DEPLOYMENTS ? DEFAULT_RESPONSES_API_VERSION : apiVersion;
        Map<String, String> deployments = deployments(InstanceSettings.text(settings, DEPLOYMENTS));
        EntraClient entra = auth == Auth.BEARER ? entraClient(settings) : null;
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
            pathUris.put(deployment, pathUris(config.baseUrl(), surface, apiVersion, responsesApiVersion, deployment));
        }
        return new AzureOpenAiSettings(config.baseUrl().trim(), surface, auth, apiVersion, responsesApiVersion,
                Map.copyOf(deployments),
                Map.copyOf(uris), Map.copyOf(pathUris), entra,
                InstanceSettings.millis(settings, CONNECT_TIMEOUT_MS, 10_000),
                InstanceSettings.millis(settings, REQUEST_TIMEOUT_MS, 300_000),
                InstanceSettings.millis(settings, STREAM_IDLE_TIMEOUT_MS, 300_000));
    }

    /**
     * The Entra application when {@code entra.client.id} is set (with {@code entra.tenant.id}, or a whole
     * {@code entra.token.endpoint}), else {@code null}: the instance's {@code api.key} is then the token itself.
     */
    private static EntraClient entraClient(Map<String, String> settings) {
        String clientId = InstanceSettings.text(settings, ENTRA_CLIENT_ID);
        if (clientId == null) {
            return null;
        }
        String endpoint = InstanceSettings.text(settings, ENTRA_TOKEN_ENDPOINT);
        if (endpoint == null) {
            String tenant = InstanceSettings.text(settings, ENTRA_TENANT_ID);
            if (tenant == null) {
                throw new IllegalArgumentException(ENTRA_CLIENT_ID + " needs " + ENTRA_TENANT_ID + " or "
                        + ENTRA_TOKEN_ENDPOINT);
            }
            endpoint = String.format(EntraTokens.TOKEN_ENDPOINT, URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        }
        URI tokenEndpoint = InstanceSettings.httpUrl(endpoint, "", ENTRA_TOKEN_ENDPOINT);
        String scope = InstanceSettings.text(settings, ENTRA_SCOPE);
        return new EntraClient(clientId, tokenEndpoint, scope == null ? EntraTokens.DEFAULT_SCOPE : scope);
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
        return known != null ? known.get(path) : uri(endpoint, surface, apiVersion, responsesApiVersion, deployment,
                path);
    }

    /** The resource's models list ({@code /openai/models} or {@code /openai/v1/models}), for the health check. */
    URI modelsUri() {
        String query = apiVersion == null ? "" : "?api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        return InstanceSettings.httpUrl(endpoint, (surface == Surface.V1 ? "/openai/v1/models" : "/openai/models")
                + query, "endpoint (base.url)");
    }

    private static Map<OpenAiCalls.Path, URI> pathUris(String endpoint, Surface surface, String apiVersion,
                                                       String responsesApiVersion, String deployment) {
        Map<OpenAiCalls.Path, URI> uris = new EnumMap<>(OpenAiCalls.Path.class);
        for (OpenAiCalls.Path path : OpenAiCalls.Path.values()) {
            uris.put(path, uri(endpoint, surface, apiVersion, responsesApiVersion, deployment, path));
        }
        return uris;
    }

    /**
     * Where {@code path} goes. The Responses API is not per deployment on the classic surface either: Azure serves
     * it at {@code /openai/responses?api-version=<a preview version>} with the deployment as the body's
     * {@code model}, and at {@code /openai/v1/responses} on the v1 one.
     */
    private static URI uri(String endpoint, Surface surface, String apiVersion, String responsesApiVersion,
                           String deployment, OpenAiCalls.Path path) {
        if (path == OpenAiCalls.Path.RESPONSES) {
            String query = responsesApiVersion == null ? ""
                    : "?api-version=" + URLEncoder.encode(responsesApiVersion, StandardCharsets.UTF_8);
            return InstanceSettings.httpUrl(endpoint, (surface == Surface.V1 ? "/openai/v1/responses"
                    : "/openai/responses") + query, "endpoint (base.url)");
        }
        return uri(endpoint, surface, apiVersion, deployment, path.suffix());
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
