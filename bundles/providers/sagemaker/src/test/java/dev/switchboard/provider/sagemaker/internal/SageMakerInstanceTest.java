package dev.switchboard.provider.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.ChatResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.EventStreamEncoder;
import dev.switchboard.support.aws.SigV4Signer;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.LoopbackUpstream;
import dev.switchboard.testkit.RecordingSubscriber;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SageMakerInstanceTest {

    private static final AwsCredentials CREDENTIALS = new AwsCredentials("AKIDEXAMPLE", "sagemakersecret");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T10:00:00Z"), ZoneOffset.UTC);

    private LoopbackUpstream upstream;
    private HttpClient client;

    @Before
    public void start() throws Exception {
        upstream = LoopbackUpstream.start();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        upstream.close();
    }

    private SageMakerInstance instance() {
        InstanceConfig config = new InstanceConfig("sm", SageMakerProvider.TYPE, upstream.baseUrl(), null,
                List.of(ModelInfo.text("chat-endpoint", "0", "0", 0), ModelInfo.text("tgi-endpoint", "0", "0", 0)), 1,
                Map.of("region", "eu-west-1", "format.tgi-endpoint", "tgi"));
        return new SageMakerInstance(config, SageMakerSettings.from(config, null), CREDENTIALS, client, CLOCK);
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("test", Instant.now().plusSeconds(seconds));
    }

    @Test
    public void aTgiEndpointGetsInputsAndParametersAndItsSignatureVerifies() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "[{\"generated_text\":\"Paris.\",\"details\":{\"finish_reason\":"
                + "\"eos_token\",\"generated_tokens\":3,\"prompt_tokens\":9}}]"));

        ChatResponse response = instance().chat(ChatRequest.builder("tgi-endpoint", List.of(ChatMessage.of("system", "Brief."),
                ChatMessage.of("user", "Capital of France?"))).maxTokens(20).build(), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/endpoints/tgi-endpoint/invocations");
        assertThat(sent.body()).isEqualTo("{\"inputs\":\"system: Brief.\\nuser: Capital of France?\\nassistant:\","
                + "\"parameters\":{\"max_new_tokens\":20,\"details\":true,\"return_full_text\":false}}");
        SigV4Signer.Signature expected = SigV4Signer.of("eu-west-1", "sagemaker").sign(CREDENTIALS, CLOCK.instant(), "POST",
                sent.path(), null, List.<String[]>of(new String[] {"host", sent.header("Host")}),
                SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)), true);
        assertThat(sent.header("Authorization")).isEqualTo(expected.authorization()).contains("/eu-west-1/sagemaker/");
        assertThat(response.firstContent()).isEqualTo("Paris.");
        assertThat(response.usage().completionTokens()).isEqualTo(3);
    }

    @Test
    public void aTgiStreamCutAcrossPayloadPartsArrivesTokenByToken() throws Exception {
        byte[] sse = ("data:{\"token\":{\"id\":1,\"text\":\"Par\",\"special\":false},\"generated_text\":null,\"details\":null}\n\n"
                + "data:{\"token\":{\"id\":2,\"text\":\"is\",\"special\":false},\"generated_text\":null,\"details\":null}\n\n"
                + "data:{\"token\":{\"id\":3,\"text\":\"</s>\",\"special\":true},\"generated_text\":\"Paris\","
                + "\"details\":{\"finish_reason\":\"eos_token\",\"generated_tokens\":3}}\n\n").getBytes(StandardCharsets.UTF_8);
        List<byte[]> parts = new ArrayList<>();
        for (int at = 0; at < sse.length; at += 37) { // PayloadParts cut SSE events anywhere
            parts.add(EventStreamEncoder.encode(Map.of(":message-type", "event", ":event-type", "PayloadPart"),
                    Arrays.copyOfRange(sse, at, Math.min(sse.length, at + 37))));
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        parts.forEach(joined::writeBytes);
        byte[] all = joined.toByteArray();
        List<byte[]> chunks = new ArrayList<>(); // and HTTP chunks cut the frames anywhere too
        for (int at = 0; at < all.length; at += 50) {
            chunks.add(Arrays.copyOfRange(all, at, Math.min(all.length, at + 50)));
        }
        upstream.reply(LoopbackUpstream.stream(SageMakerInstance.EVENT_STREAM, chunks));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance().chatStream(ChatRequest.builder("tgi-endpoint", List.of(ChatMessage.of("user", "Capital?")))
                .stream(true).build(), inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        assertThat(subscriber.completed()).as("error %s", subscriber.error()).isTrue();
        assertThat(upstream.last().path()).isEqualTo("/endpoints/tgi-endpoint/invocations-response-stream");
        assertThat(subscriber.text()).isEqualTo("Paris");
        assertThat(subscriber.chunks().get(subscriber.chunks().size() - 1).usage().completionTokens()).isEqualTo(3);
    }

    @Test
    public void aModelStreamErrorEventFailsTheStreamRetryably() throws Exception {
        upstream.reply(LoopbackUpstream.stream(SageMakerInstance.EVENT_STREAM, List.of(
                EventStreamEncoder.encode(Map.of(":message-type", "event", ":event-type", "PayloadPart"),
                        LoopbackUpstream.sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}")),
                EventStreamEncoder.exception("ModelStreamError", "{\"Message\":\"container crashed\",\"ErrorCode\":\"500\"}"))));

        RecordingSubscriber subscriber = new RecordingSubscriber();
        instance().chatStream(ChatRequest.builder("chat-endpoint", List.of(ChatMessage.of("user", "Hi"))).stream(true).build(),
                inSeconds(5), subscriber);

        assertThat(subscriber.awaitTermination()).isTrue();
        ProviderException error = (ProviderException) subscriber.error();
        assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(error.retryable()).isTrue();
        assertThat(error.getMessage()).contains("ModelStreamError").contains("container crashed");
        assertThat(subscriber.text()).isEqualTo("Hi");
    }

    @Test
    public void aContainersOwnClientErrorIsTheClientsFault() throws Exception {
        upstream.reply(LoopbackUpstream.json(424, "{\"ErrorCode\":\"CLIENT_ERROR_FROM_MODEL\",\"OriginalStatusCode\":422,"
                + "\"Message\":\"Received client error (422) from primary: max_tokens too large\"}",
                "x-amzn-ErrorType", "ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/"));

        Throwable failure = catchThrowable(() -> instance().chat(ChatRequest.builder("chat-endpoint",
                List.of(ChatMessage.of("user", "Hi"))).build(), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));

        ProviderException error = (ProviderException) ((ExecutionException) failure).getCause();
        assertThat(error.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(error.getMessage()).contains("max_tokens too large");
    }
}
