package dev.switchboard.support.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.HealthCheckResult;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamGet;
import dev.switchboard.support.http.UpstreamResponse;
import dev.switchboard.support.json.JsonValues;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The health check of every provider that speaks OpenAI's wire format: {@code GET .../models}, which bills no
 * tokens. A 2xx answer with a {@code data} list passes ("12 models listed"); an error answer is classified as a
 * chat error would be ({@link OpenAiErrors}: 401 is {@code AUTH}, 5xx {@code UNAVAILABLE}, 404 {@code NOT_FOUND},
 * which core takes as "this server has no models list", not as down).
 */
public final class OpenAiModelsCheck {

    private OpenAiModelsCheck() {
    }

    /**
     * @param get      the GET of the models list, with the instance's auth headers and timeout
     * @param provider names the upstream in error messages
     * @param secret   the key or token, cut out of every message (may be {@code null})
     */
    public static CompletionStage<HealthCheckResult> check(UpstreamGet get, String provider, String secret) {
        CompletableFuture<UpstreamResponse> call = get.send();
        CompletableFuture<HealthCheckResult> result = call.handle((response, failure) -> {
            if (failure != null) {
                throw failure instanceof CompletionException ? (CompletionException) failure
                        : new CompletionException(failure);
            }
            if (!response.isSuccess()) {
                throw new CompletionException(OpenAiErrors.fromResponse(response, provider, secret));
            }
            int models = countModels(response.body());
            if (models < 0) {
                throw new CompletionException(new ProviderException(ErrorCode.UNAVAILABLE, provider
                        + ": the models list is not OpenAI's format", true, null, response.status(), null));
            }
            return HealthCheckResult.of(models + (models == 1 ? " model" : " models") + " listed");
        });
        result.whenComplete((ok, failure) -> {
            if (result.isCancelled()) {
                call.cancel(true);
            }
        });
        return result;
    }

    /**
     * The models list beside a Chat Completions endpoint: {@code https://api.openai.com/v1/chat/completions} ->
     * {@code https://api.openai.com/v1/models} (query kept, for an {@code api-version}).
     */
    public static URI modelsUri(URI chatEndpoint) {
        String path = chatEndpoint.getRawPath() == null ? "" : chatEndpoint.getRawPath();
        String base = path.endsWith("/chat/completions") ? path.substring(0, path.length() - "/chat/completions".length())
                : path;
        String query = chatEndpoint.getRawQuery();
        return URI.create(chatEndpoint.getScheme() + "://" + chatEndpoint.getRawAuthority() + base + "/models"
                + (query == null ? "" : "?" + query));
    }

    /**
     * The length of the top-level {@code data} array (OpenAI's and Anthropic's model lists); -1 when there is none
     * or the body is not JSON.
     */
    public static int countModels(byte[] json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return -1;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(field) && value == JsonToken.START_ARRAY) {
                    int count = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        count++;
                        p.skipChildren();
                    }
                    return count;
                }
                p.skipChildren();
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
