package dev.switchboard.provider.azureopenai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Microsoft Entra ID tokens by the client-credentials grant against a loopback token endpoint speaking the v2
 * endpoint's documented format: fetched when the instance is made, refreshed in the background before they expire
 * (never per call), tried again after a failure, and the secret in no message.
 */
public class EntraTokensTest {

    private static final String SECRET = "s3cr3t~client~secret~value";
    private static final String EMBEDDING = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\","
            + "\"embedding\":[0.5],\"index\":0}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":1,"
            + "\"total_tokens\":1}}";

    private LoopbackUpstream entra;
    private LoopbackUpstream azure;
    private HttpClient client;
    private final AtomicInteger issued = new AtomicInteger();

    @Before
    public void start() throws Exception {
        entra = LoopbackUpstream.start();
        azure = LoopbackUpstream.start();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        azure.reply(LoopbackUpstream.json(200, EMBEDDING));
    }

    @After
    public void stop() throws Exception {
        client.stop();
        entra.close();
        azure.close();
    }

    /** Token {@code tok-1}, {@code tok-2}, ... each living {@code lifeSeconds(n)}. */
    private void issue(int firstLife, int laterLife) {
        entra.reply(exchange -> {
            int n = issued.incrementAndGet();
            exchange.respond(200, "application/json", ("{\"token_type\":\"Bearer\",\"expires_in\":"
                    + (n == 1 ? firstLife : laterLife) + ",\"ext_expires_in\":3599,\"access_token\":\"tok-" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8), Map.of());
        });
    }

    private AzureOpenAiInstance instance() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("auth", "bearer");
        settings.put("entra.client.id", "11111111-2222-3333-4444-555555555555");
        settings.put("entra.token.endpoint", entra.baseUrl() + "/tenant-1/oauth2/v2.0/token");
        settings.put("connect.timeout.ms", "2000");
        InstanceConfig config = new InstanceConfig("azure", AzureOpenAiProvider.TYPE, azure.baseUrl(), SECRET,
                List.of(ModelInfo.parse("text-embedding-3-small")), 1, settings);
        AzureOpenAiSettings parsed = AzureOpenAiSettings.from(config);
        AzureOpenAiInstance instance = new AzureOpenAiInstance(config, parsed, client);
        instance.start(Duration.ofSeconds(5));
        return instance;
    }

    private void embed(AzureOpenAiInstance instance) throws Exception {
        instance.embed(new EmbeddingsRequest("text-embedding-3-small", List.of("hi"), null, null, Map.of()),
                new CallContext("req_test", Instant.now().plusSeconds(5))).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void awaitToken(AzureOpenAiInstance instance, String expected) throws Exception {
        // bounded: 100 polls of 100 ms
        for (int i = 0; i < 100; i++) {
            embed(instance);
            if (expected.equals(azure.last().header("Authorization"))) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(azure.last().header("Authorization")).isEqualTo(expected);
    }

    @Test
    public void theClientCredentialsGrantIsAskedOnceAndItsTokenUsedOnEveryCall() throws Exception {
        issue(3599, 3599);
        AzureOpenAiInstance instance = instance();
        try {
            embed(instance);
            embed(instance);
            embed(instance);

            assertThat(issued.get()).isEqualTo(1);
            LoopbackUpstream.Received token = entra.requests().get(0);
            assertThat(token.method()).isEqualTo("POST");
            assertThat(token.path()).isEqualTo("/tenant-1/oauth2/v2.0/token");
            assertThat(token.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(URLDecoder.decode(token.body(), StandardCharsets.UTF_8)).isEqualTo("grant_type=client_credentials"
                    + "&client_id=11111111-2222-3333-4444-555555555555&client_secret=" + SECRET
                    + "&scope=https://cognitiveservices.azure.com/.default");
            assertThat(azure.requests()).hasSize(3).allSatisfy(call -> {
                assertThat(call.header("Authorization")).isEqualTo("Bearer tok-1");
                assertThat(call.header("api-key")).isNull();
            });
        } finally {
            instance.close();
        }
    }

    @Test
    public void aTokenIsRefreshedInTheBackgroundBeforeItExpires() throws Exception {
        // the first lives 2 s: refreshed at half its life, while calls go on with it
        issue(2, 3599);
        AzureOpenAiInstance instance = instance();
        try {
            embed(instance);
            assertThat(azure.last().header("Authorization")).isEqualTo("Bearer tok-1");

            awaitToken(instance, "Bearer tok-2");

            // the long-lived second one is not refreshed again, however many calls
            assertThat(issued.get()).isEqualTo(2);
        } finally {
            instance.close();
        }
    }

    @Test
    public void aRefusedGrantIsTriedAgainAndItsMessageHoldsNoSecret() throws Exception {
        entra.reply(LoopbackUpstream.json(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: "
                + "Invalid client secret provided. Ensure the secret being sent is '" + SECRET + "'.\\r\\nTrace ID: "
                + "0000\",\"error_codes\":[7000215],\"timestamp\":\"2026-12-01 02:00:00Z\"}"));
        EntraTokens tokens = new EntraTokens(client, java.net.URI.create(entra.baseUrl() + "/t/oauth2/v2.0/token"),
                "client-1", SECRET, EntraTokens.DEFAULT_SCOPE, Duration.ofSeconds(2), "azure");
        try {
            Throwable failure = catchThrowable(() -> tokens.start().get(5, TimeUnit.SECONDS));

            assertThat(failure).hasRootCauseInstanceOf(IllegalStateException.class);
            assertThat(failure.getCause().getMessage()).contains("HTTP 401", "invalid_client", "AADSTS7000215")
                    .doesNotContain(SECRET);
            assertThat(tokens.authorization()).isNull();
            assertThat(tokens.toString()).doesNotContain(SECRET);

            issue(3599, 3599);
            // tried again after 2 s; bounded wait
            for (int i = 0; i < 100 && tokens.authorization() == null; i++) {
                Thread.sleep(100);
            }
            assertThat(tokens.authorization()).isEqualTo("Bearer tok-1");
        } finally {
            tokens.close();
        }
    }

    @Test
    public void refreshesFiveMinutesEarlyOrAtHalfTheLifeOfAShortToken() {
        assertThat(EntraTokens.refreshDelaySeconds(3599)).isEqualTo(3299);
        assertThat(EntraTokens.refreshDelaySeconds(600)).isEqualTo(300);
        assertThat(EntraTokens.refreshDelaySeconds(2)).isEqualTo(1);
        assertThat(EntraTokens.refreshDelaySeconds(0)).isEqualTo(1);
    }

    @Test
    public void theProviderConfiguresAnApplicationFromItsConfigurationOrTheEnvironment() {
        Map<String, String> environment = Map.of("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com",
                "AZURE_CLIENT_ID", "client-1", "AZURE_TENANT_ID", "tenant-1", "AZURE_CLIENT_SECRET", SECRET);
        InstanceConfig config = AzureOpenAiProvider.configuredInstances(AzureOpenAiProviderTest.config(
                Map.of("auth", "bearer")), environment::get, Map.of()).get(0);

        assertThat(config.apiKey()).isEqualTo(SECRET);
        AzureOpenAiSettings settings = AzureOpenAiSettings.from(config);
        assertThat(settings.entra().clientId()).isEqualTo("client-1");
        assertThat(settings.entra().tokenEndpoint().toString())
                .isEqualTo("https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
        assertThat(settings.entra().scope()).isEqualTo(EntraTokens.DEFAULT_SCOPE);
        assertThat(config.toString()).doesNotContain(SECRET);
    }
}
