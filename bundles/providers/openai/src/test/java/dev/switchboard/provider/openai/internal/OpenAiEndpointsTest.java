package dev.switchboard.provider.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.InstanceConfig;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import dev.switchboard.support.http.UpstreamClients;
import dev.switchboard.support.http.UpstreamHttpSettings;
import dev.switchboard.testkit.CollectingSubscriber;
import dev.switchboard.testkit.WireSamples;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Every endpoint beyond chat against a local stub speaking OpenAI's documented wire format (fixtures). */
public class OpenAiEndpointsTest {

    private OpenAiStub stub;
    private HttpClient client;
    private OpenAiInstance instance;

    @Before
    public void start() throws Exception {
        stub = new OpenAiStub();
        client = UpstreamClients.startPooledClient(UpstreamHttpSettings.DEFAULTS);
        InstanceConfig config = new InstanceConfig("oa", "openai", stub.baseUrl(), OpenAiErrorsTest.KEY,
                List.of(ModelInfo.parse("m")), 1, Map.of());
        instance = new OpenAiInstance(config, OpenAiSettings.from(config), client);
    }

    @After
    public void stop() throws Exception {
        client.stop();
        stub.close();
    }

    private static CallContext inSeconds(int seconds) {
        return new CallContext("req_test", Instant.now().plusSeconds(seconds));
    }

    @Test
    public void embeddingsAskForBase64AndStillReadFloatAnswersInIndexOrder() throws Exception {
        stub.answer(OpenAiStub.json(200, "embeddings.json"));

        EmbeddingsResponse response = instance.embed(new EmbeddingsRequest("text-embedding-3-small",
                List.of("a", "b"), 3, "u1", Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/embeddings");
        assertThat(stub.last().header("Authorization")).isEqualTo("Bearer " + OpenAiErrorsTest.KEY);
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"text-embedding-3-small\",\"input\":[\"a\",\"b\"],"
                + "\"encoding_format\":\"base64\",\"dimensions\":3,\"user\":\"u1\"}");
        assertThat(response.vectors()).hasSize(2);
        assertThat(response.vectors().get(0)).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
        assertThat(response.vectors().get(1)).containsExactly(0.5f, -0.25f, 1e-3f);
        assertThat(response.usage()).isEqualTo(new Usage(8, 0));
    }

    @Test
    public void embeddingsAnsweredInBase64AreDecodedToTheSameFloatsInIndexOrder() throws Exception {
        // what OpenAI answers to encoding_format "base64": little-endian float32, base64-encoded
        stub.answer(OpenAiStub.json(200, "embeddings-base64.json"));

        EmbeddingsResponse response = instance.embed(new EmbeddingsRequest("text-embedding-3-small",
                List.of("a", "b"), null, null, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().body()).contains("\"encoding_format\":\"base64\"");
        assertThat(response.vectors().get(0)).containsExactly(0.0023064255f, -0.009327292f, -0.0028842222f);
        assertThat(response.vectors().get(1)).containsExactly(0.5f, -0.25f, 1e-3f);
        assertThat(response.usage()).isEqualTo(new Usage(8, 0));
    }

    @Test
    public void imagesPassTheirFieldsAndReadBase64AndUsage() throws Exception {
        stub.answer(OpenAiStub.json(200, "image-generation.json"));

        ImageResponse response = instance.generateImages(new ImageRequest("gpt-image-1", "an otter", 1, "1024x1024",
                null, null, null, Map.of("background", "transparent")), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/images/generations");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"gpt-image-1\",\"prompt\":\"an otter\",\"n\":1,"
                + "\"size\":\"1024x1024\",\"background\":\"transparent\"}");
        assertThat(response.data().get(0).b64Json()).isEqualTo("iVBORw0KGgo=");
        assertThat(response.data().get(0).revisedPrompt()).startsWith("A cute baby sea otter");
        assertThat(response.usage()).isEqualTo(new Usage(50, 50));
    }

    @Test
    public void legacyCompletionsMapBothWays() throws Exception {
        stub.answer(OpenAiStub.json(200, "completion-legacy.json"));

        TextCompletion completion = instance.complete(new CompletionRequest("gpt-3.5-turbo-instruct",
                List.of("Say this is a test"), 7, 0.0, null, null, List.of(), null, null, Map.of()), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/completions");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say this is a test\","
                + "\"max_tokens\":7,\"temperature\":0.0}");
        assertThat(completion.choices().get(0).text()).isEqualTo("\n\nThis is indeed a test");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo("length");
        assertThat(completion.usage()).isEqualTo(new Usage(5, 7));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aLegacyCompletionChoiceKeepsItsLogprobsAndOtherFieldsPlainAndStreamed() throws Exception {
        stub.answer(OpenAiStub.json(200, "completion-legacy-logprobs.json"));

        TextCompletion completion = instance.complete(new CompletionRequest("gpt-3.5-turbo-instruct",
                List.of("Say this is a"), 1, null, null, null, List.of(), null, null, Map.of("logprobs", 1)),
                inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);

        Map<String, Object> extensions = completion.choices().get(0).extensions();
        assertThat(extensions).containsOnlyKeys("logprobs", "content_filter_results");
        assertThat(extensions.keySet()).containsExactly("logprobs", "content_filter_results");
        assertThat((Map<String, Object>) extensions.get("logprobs")).containsEntry("tokens", List.of(" test"))
                .containsKeys("token_logprobs", "top_logprobs", "text_offset");
        assertThat(completion.choices().get(0).text()).isEqualTo(" test");

        stub.answer(OpenAiStub.sse("completion-legacy-logprobs-stream.sse"));
        CollectingSubscriber<CompletionChunk> chunks = new CollectingSubscriber<>();
        instance.completeStream(new CompletionRequest("gpt-3.5-turbo-instruct", List.of("Say this is a"), 1,
                null, null, null, List.of(), null, null, Map.of("logprobs", 1)), inSeconds(5), chunks);
        chunks.done().get(5, TimeUnit.SECONDS);

        assertThat(chunks.items()).hasSize(2);
        assertThat((Map<String, Object>) chunks.items().get(0).choices().get(0).extensions().get("logprobs"))
                .containsEntry("text_offset", List.of(18));
        assertThat(chunks.items().get(1).choices().get(0).extensions()).containsKey("logprobs");
    }

    @Test
    public void transcriptionsUploadTheFileAsMultipartAndReadTheAudioLength() throws Exception {
        stub.answer(OpenAiStub.json(200, "transcription-verbose.json"));
        byte[] audio = {0, 1, 2, (byte) 0xff, '\r', '\n'};

        Transcription transcription = instance.transcribe(new TranscriptionRequest("whisper-1", audio, "clip.mp3",
                "audio/mpeg", "en", null, "verbose_json", null, false, Map.of()), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        OpenAiStub.Received sent = stub.last();
        assertThat(sent.path()).isEqualTo("/v1/audio/transcriptions");
        assertThat(sent.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(sent.body()).contains("name=\"model\"\r\n\r\nwhisper-1\r\n", "name=\"language\"\r\n\r\nen\r\n",
                "name=\"response_format\"\r\n\r\nverbose_json\r\n", "filename=\"clip.mp3\"");
        assertThat(transcription.audioSeconds()).isEqualTo(9.0);
        assertThat(new String(transcription.body(), StandardCharsets.UTF_8)).contains("popular spot");

        stub.answer((base, response) -> {
            response.setStatus(200);
            response.setContentType("text/plain; charset=utf-8");
            response.getOutputStream().write("WEBVTT\n\n00:00.000 --> 00:03.320\nThe beach\n".getBytes(StandardCharsets.UTF_8));
        });
        Transcription vtt = instance.transcribe(new TranscriptionRequest("whisper-1", audio, "clip.mp3", null, null,
                null, "vtt", null, true, Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(stub.last().path()).isEqualTo("/v1/audio/translations");
        assertThat(vtt.contentType()).startsWith("text/plain");
        assertThat(new String(vtt.body(), StandardCharsets.UTF_8)).startsWith("WEBVTT");
    }

    @Test
    public void speechHandsOnEachPieceOfAudioAsItArrives() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        stub.answer((base, response) -> {
            response.setStatus(200);
            response.setContentType("audio/mpeg");
            OutputStream out = response.getOutputStream();
            out.write(new byte[] {'I', 'D', '3'});
            out.flush();
            // the second piece waits until the first reached the subscriber: it was not buffered to the end
            firstSeen.await(5, TimeUnit.SECONDS);
            out.write(new byte[] {4, 5});
            out.flush();
        });
        List<byte[]> pieces = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        instance.speech(new SpeechRequest("tts-1", "Hello", "alloy", null, 1.25, Map.of()), inSeconds(5),
                new Flow.Subscriber<>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        byte[] bytes = new byte[item.remaining()];
                        item.get(bytes);
                        pieces.add(bytes);
                        firstSeen.countDown();
                    }

                    @Override
                    public void onError(Throwable throwable) {
                        done.completeExceptionally(throwable);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(null);
                    }
                });
        done.get(10, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/audio/speech");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"tts-1\",\"input\":\"Hello\",\"voice\":\"alloy\","
                + "\"speed\":1.25}");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        pieces.forEach(all::writeBytes);
        assertThat(all.toByteArray()).containsExactly('I', 'D', '3', 4, 5);
        assertThat(pieces.size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    public void streamedLegacyCompletionsAskForUsageAndHandOnEachTextChunk() throws Exception {
        stub.answer(OpenAiStub.sse("completion-legacy-stream.sse"));
        CollectingSubscriber<CompletionChunk> chunks = new CollectingSubscriber<>();

        instance.completeStream(new CompletionRequest("gpt-3.5-turbo-instruct", List.of("Say this is a test"), 7,
                null, null, null, List.of(), null, null, Map.of()), inSeconds(5), chunks);
        chunks.done().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/completions");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"gpt-3.5-turbo-instruct\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"prompt\":\"Say this is a test\",\"max_tokens\":7}");
        assertThat(chunks.items()).hasSize(4);
        assertThat(chunks.items().get(0).id()).isEqualTo("cmpl-7iA7iJjj8V2zOkCGvWF2hAkDWBQZe");
        assertThat(chunks.items().get(0).createdEpochSeconds()).isEqualTo(1690759702L);
        assertThat(chunks.items().get(0).choices().get(0).text()).isEqualTo("This");
        assertThat(chunks.items().get(1).choices().get(0).text()).isEqualTo(" is a test");
        assertThat(chunks.items().get(2).choices().get(0).finishReason()).isEqualTo("stop");
        assertThat(chunks.items().get(3).choices()).isEmpty();
        assertThat(chunks.items().get(3).usage()).isEqualTo(new Usage(5, 4));
    }

    @Test
    public void theResponsesApiIsPassedThroughAsTheUpstreamAnswered() throws Exception {
        stub.answer(OpenAiStub.json(200, "responses.json"));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", "gpt-4.1");
        body.put("input", "Tell me a story");
        body.put("reasoning", Map.of("effort", "low"));
        body.put("store", false);

        ResponsesAnswer answer = instance.respond(new ResponsesRequest("gpt-4.1", false, body), inSeconds(5))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().path()).isEqualTo("/v1/responses");
        assertThat(stub.last().body()).isEqualTo("{\"model\":\"gpt-4.1\",\"input\":\"Tell me a story\","
                + "\"reasoning\":{\"effort\":\"low\"},\"store\":false}");
        assertThat(answer.body()).isEqualTo(WireSamples.bytes("responses.json"));
        assertThat(answer.usage()).isEqualTo(new Usage(36, 87, 10, 0, 20, Map.of()));
    }

    @Test
    public void aStreamedResponseHandsOnEveryEventAsSentWithTheUsageOfTheLast() throws Exception {
        stub.answer(OpenAiStub.sseAsWritten("responses-stream.sse"));
        CollectingSubscriber<ResponsesEvent> events = new CollectingSubscriber<>();

        instance.respondStream(new ResponsesRequest("gpt-4.1", true, Map.of("model", "gpt-4.1", "input", "hi",
                "stream", true)), inSeconds(5), events);
        events.done().get(5, TimeUnit.SECONDS);

        assertThat(stub.last().body()).contains("\"stream\":true");
        assertThat(events.items()).extracting(ResponsesEvent::event).containsExactly("response.created",
                "response.output_item.added", "response.output_text.delta", "response.output_text.delta",
                "response.completed");
        assertThat(events.items().get(2).data()).isEqualTo("{\"type\":\"response.output_text.delta\","
                + "\"sequence_number\":2,\"item_id\":\"msg_67c9fdcf37fc8190ba82116e33fb28c507b8b0ad4e5eb654\","
                + "\"output_index\":0,\"content_index\":0,\"delta\":\"Hi\",\"logprobs\":[],\"obfuscation\":\"xY3q\"}");
        assertThat(events.items().get(2).usage()).isNull();
        assertThat(events.items().get(4).usage()).isEqualTo(new Usage(37, 11));
    }

    @Test
    public void endpointErrorsMapLikeChatErrors() {
        stub.answer(OpenAiStub.json(429, "error-429-rate-limit.json", "retry-after", "2"));

        Throwable failure = catchThrowable(() -> instance.embed(new EmbeddingsRequest("m", List.of("x"), null, null,
                Map.of()), inSeconds(5)).toCompletableFuture().get(5, TimeUnit.SECONDS));

        assertThat(failure).hasCauseInstanceOf(ProviderException.class);
        ProviderException error = (ProviderException) failure.getCause();
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMIT);
        assertThat(error.getMessage()).doesNotContain(OpenAiErrorsTest.KEY);
    }
}
