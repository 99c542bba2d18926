package dev.switchboard.provider.sagemaker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.JsonParser;
import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.api.video.GeneratedVideo;
import dev.switchboard.api.video.VideoRequest;
import dev.switchboard.support.aws.AwsCredentials;
import dev.switchboard.support.aws.SigV4Signer;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.support.json.JsonValues;
import dev.switchboard.testkit.LoopbackUpstream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Image and video endpoints against a loopback stub speaking SageMaker Runtime's InvokeEndpoint: the request body from
 * the endpoint's template, the media from the answer (base64 JSON at a pointer, or the body itself), SigV4-signed.
 */
public class SageMakerMediaTest {

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

    private SageMakerInstance instance(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("region", "eu-west-1", "format.sd-endpoint", "image",
                "format.clip-endpoint", "video"));
        settings.putAll(extra);
        InstanceConfig config = new InstanceConfig("sm", SageMakerProvider.TYPE, upstream.baseUrl(), null, List.of(
                ModelInfo.parse("sd-endpoint=0/0;modalities=text+image"),
                ModelInfo.parse("clip-endpoint=0/0;modalities=text+video")), 1, settings);
        return new SageMakerInstance(config, SageMakerSettings.from(config, null), CREDENTIALS, client, CLOCK);
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("test", Instant.now().plusSeconds(seconds));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) throws Exception {
        try (JsonParser p = JsonValues.FACTORY.createParser(text)) {
            p.nextToken();
            return (Map<String, Object>) JsonValues.read(p);
        }
    }

    @Test
    public void anImageEndpointGetsTheDefaultTemplateSignedAndAnswersItsBase64Images() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"generated_images\":[\"iVBORw0K\",\"R0lGODlh\"]}"));

        ImageResponse response = instance(Map.of()).generateImages(new ImageRequest("sd-endpoint",
                "a \"quoted\" cat", 2, "512x768", null, null, null, Map.of()), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        LoopbackUpstream.Received sent = upstream.last();
        assertThat(sent.path()).isEqualTo("/endpoints/sd-endpoint/invocations");
        assertThat(json(sent.body())).isEqualTo(Map.of("prompt", "a \"quoted\" cat", "num_images_per_prompt", 2,
                "width", 512, "height", 768));
        SigV4Signer.Signature expected = SigV4Signer.of("eu-west-1", "sagemaker").sign(CREDENTIALS, CLOCK.instant(),
                "POST", sent.path(), null, List.<String[]>of(new String[] {"host", sent.header("Host")}),
                SigV4Signer.sha256Hex(sent.body().getBytes(StandardCharsets.UTF_8)), true);
        assertThat(sent.header("Authorization")).isEqualTo(expected.authorization());
        assertThat(response.data()).extracting(image -> image.b64Json()).containsExactly("iVBORw0K", "R0lGODlh");
    }

    @Test
    public void aConfiguredTemplateAndItemPointerFitAStabilityStyleContainer() throws Exception {
        upstream.reply(LoopbackUpstream.json(200, "{\"artifacts\":[{\"base64\":\"AAAA\",\"seed\":1},"
                + "{\"base64\":\"BBBB\",\"seed\":2}]}"));
        SageMakerInstance instance = instance(Map.of(
                "request.template.sd-endpoint", "{\"text_prompts\":[{\"text\":{{prompt}}}],\"samples\":{{n}},"
                        + "\"style_preset\":\"{{quality}}-photo\"}",
                "response.media.sd-endpoint", "/artifacts", "response.item.sd-endpoint", "/base64"));

        ImageResponse response = instance.generateImages(new ImageRequest("sd-endpoint", "a dog", 2, null, "hd", null,
                null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(json(upstream.last().body())).isEqualTo(Map.of("text_prompts", List.of(Map.of("text", "a dog")),
                "samples", 2, "style_preset", "hd-photo"));
        assertThat(response.data()).extracting(image -> image.b64Json()).containsExactly("AAAA", "BBBB");
    }

    @Test
    public void anImageBodyIsTheImage() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
        upstream.reply(LoopbackUpstream.stream("image/png", List.of(png)));
        ImageResponse response = instance(Map.of()).generateImages(new ImageRequest("sd-endpoint", "x", null, null,
                null, null, null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(response.data().get(0).b64Json()).isEqualTo("iVBORw==");
    }

    @Test
    public void aVideoEndpointAnswersTheVideoAsItsBodyOrAsBase64() throws Exception {
        byte[] mp4 = "ftypmp42....".getBytes(StandardCharsets.US_ASCII);
        upstream.reply(LoopbackUpstream.stream("video/mp4", List.of(mp4)));
        SageMakerInstance instance = instance(Map.of());

        GeneratedVideo video = instance.generateVideo(new VideoRequest("clip-endpoint", "waves", 4, "1280x720",
                "data:image/png;base64,AAAA", null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(json(upstream.last().body())).isEqualTo(Map.of("prompt", "waves", "seconds", 4, "size", "1280x720",
                "input_reference", "data:image/png;base64,AAAA"));
        ByteBuffer content = video.content();
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        assertThat(bytes).isEqualTo(mp4);
        assertThat(video.mediaType()).isEqualTo("video/mp4");
        assertThat(video.seconds()).isEqualTo(4);

        upstream.reply(LoopbackUpstream.json(200, "{\"video\":\"ZnR5cA==\"}"));
        GeneratedVideo fromJson = instance.generateVideo(new VideoRequest("clip-endpoint", "waves", null, null, null,
                null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(fromJson.length()).isEqualTo(4);
    }

    @Test
    public void wrongUseIsTheClientsFaultAndABadTemplateFailsTheInstance() {
        Throwable chat = catchThrowable(() -> instance(Map.of()).chat(ChatRequest.builder("sd-endpoint",
                List.of(ChatMessage.of("user", "hi"))).build(), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(((ProviderException) ((ExecutionException) chat).getCause()).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        Throwable video = catchThrowable(() -> instance(Map.of()).generateVideo(new VideoRequest("sd-endpoint", "x",
                null, null, null, null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertThat(((ProviderException) ((ExecutionException) video).getCause()).code()).isEqualTo(ErrorCode.BAD_REQUEST);

        assertThatThrownBy(() -> instance(Map.of("request.template.sd-endpoint", "{\"p\": {{shell}}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{shell}}");
        assertThatThrownBy(() -> instance(Map.of("response.media.clip-endpoint", "video")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("response.media.clip-endpoint");
    }

    @Test
    public void anAnswerWithoutMediaIsTheUpstreamsFault() {
        upstream.reply(LoopbackUpstream.json(200, "{\"error\":\"nothing\"}"));
        Throwable failure = catchThrowable(() -> instance(Map.of()).generateImages(new ImageRequest("sd-endpoint", "x",
                null, null, null, null, null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));
        ProviderException error = (ProviderException) ((ExecutionException) failure).getCause();
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.retryable()).isTrue();
    }
}
