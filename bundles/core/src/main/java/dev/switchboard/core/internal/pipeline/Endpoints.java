package dev.switchboard.core.internal.pipeline;

import dev.switchboard.api.audio.SpeechCapable;
import dev.switchboard.api.audio.SpeechRequest;
import dev.switchboard.api.audio.Transcription;
import dev.switchboard.api.audio.TranscriptionCapable;
import dev.switchboard.api.audio.TranscriptionRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.completions.CompletionChoice;
import dev.switchboard.api.completions.CompletionChunk;
import dev.switchboard.api.completions.CompletionRequest;
import dev.switchboard.api.completions.CompletionsStreamCapable;
import dev.switchboard.api.completions.CompletionsCapable;
import dev.switchboard.api.completions.TextCompletion;
import dev.switchboard.api.embeddings.EmbeddingsCapable;
import dev.switchboard.api.embeddings.EmbeddingsRequest;
import dev.switchboard.api.embeddings.EmbeddingsResponse;
import dev.switchboard.api.images.ImageRequest;
import dev.switchboard.api.images.ImageResponse;
import dev.switchboard.api.images.ImagesCapable;
import dev.switchboard.api.provider.CallContext;
import dev.switchboard.api.provider.Modality;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.responses.ResponsesAnswer;
import dev.switchboard.api.responses.ResponsesCapable;
import dev.switchboard.api.responses.ResponsesEvent;
import dev.switchboard.api.responses.ResponsesRequest;
import dev.switchboard.core.internal.routing.Route;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The endpoints beyond chat, one stateless {@link Endpoint} each: how each is measured, called and priced.
 * Prices come from the catalog entry: tokens at the per-1M prices, images at {@code pricePerImage}, audio at
 * {@code pricePerAudioSecond}; usage a provider does not report is estimated (~4 characters a token).
 */
public final class Endpoints {

    private Endpoints() {
    }

    public static final Endpoint<EmbeddingsRequest, EmbeddingsResponse> EMBEDDINGS =
            new Declared<>("/v1/embeddings", EmbeddingsCapable.class) {
        @Override
        public String model(EmbeddingsRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(EmbeddingsRequest request) {
            long tokens = 0;
            for (String text : request.input()) {
                tokens += TokenEstimate.ofText(text);
            }
            return tokens;
        }

        @Override
        public Object field(EmbeddingsRequest request, String name) {
            return switch (name) {
                case "dimensions" -> request.dimensions();
                case "user" -> request.user();
                default -> request.extensions().get(name);
            };
        }

        @Override
        public void checkFit(EmbeddingsRequest request, List<Route> routes) {
            // each input must fit the window on its own: the upstream embeds them one by one
            long longest = 0;
            for (String text : request.input()) {
                longest = Math.max(longest, TokenEstimate.ofText(text));
            }
            ModelFit.check(routes, null, longest, 0, "input");
        }

        @Override
        public CompletionStage<EmbeddingsResponse> call(Object instance, EmbeddingsRequest request, String upstreamModel,
                                                        CallContext context) {
            return ((EmbeddingsCapable) instance).embed(request.withModel(upstreamModel), context);
        }

        @Override
        public Usage usage(EmbeddingsRequest request, EmbeddingsResponse response) {
            return response.usage().totalTokens() > 0 ? response.usage() : new Usage(estimatedTokens(request), 0);
        }

        @Override
        public BigDecimal cost(ModelInfo model, EmbeddingsRequest request, EmbeddingsResponse response, Usage usage) {
            return model.cost(usage.promptTokens(), usage.completionTokens());
        }
    };

    public static final Endpoint<ImageRequest, ImageResponse> IMAGES =
            new Declared<>("/v1/images/generations", ImagesCapable.class) {
        @Override
        public String model(ImageRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(ImageRequest request) {
            return TokenEstimate.ofText(request.prompt());
        }

        @Override
        public Object field(ImageRequest request, String name) {
            return switch (name) {
                case "n" -> request.n();
                case "size" -> request.size();
                case "quality" -> request.quality();
                case "response_format" -> request.responseFormat();
                case "user" -> request.user();
                default -> request.extensions().get(name);
            };
        }

        @Override
        public void checkFit(ImageRequest request, List<Route> routes) {
            ModelFit.check(routes, Modality.IMAGE, 0, 0, "n");
        }

        @Override
        public CompletionStage<ImageResponse> call(Object instance, ImageRequest request, String upstreamModel,
                                                   CallContext context) {
            return ((ImagesCapable) instance).generateImages(request.withModel(upstreamModel), context);
        }

        @Override
        public Usage usage(ImageRequest request, ImageResponse response) {
            return response.usage().totalTokens() > 0 ? response.usage() : new Usage(estimatedTokens(request), 0);
        }

        @Override
        public String ledgerName(ImageRequest request) {
            return "images";
        }

        @Override
        public long images(ImageResponse response) {
            return response.data().size();
        }

        @Override
        public BigDecimal cost(ModelInfo model, ImageRequest request, ImageResponse response, Usage usage) {
            // per image where the catalog prices images (dall-e), per token where the provider reports tokens
            BigDecimal images = model.imageCost(response.data().size());
            return response.usage().totalTokens() > 0
                    ? images.add(model.cost(usage.promptTokens(), usage.completionTokens())) : images;
        }
    };

    public static final Endpoint<TranscriptionRequest, Transcription> TRANSCRIPTION =
            new Declared<>("/v1/audio/transcriptions", TranscriptionCapable.class) {
        @Override
        public String model(TranscriptionRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(TranscriptionRequest request) {
            return TokenEstimate.ofText(request.prompt());
        }

        @Override
        public Object field(TranscriptionRequest request, String name) {
            return switch (name) {
                case "language" -> request.language();
                case "prompt" -> request.prompt();
                case "response_format" -> request.responseFormat();
                case "temperature" -> request.temperature();
                default -> request.extensions().get(name);
            };
        }

        @Override
        public void checkFit(TranscriptionRequest request, List<Route> routes) {
            ModelFit.check(routes, Modality.AUDIO, 0, 0, "file");
        }

        @Override
        public CompletionStage<Transcription> call(Object instance, TranscriptionRequest request, String upstreamModel,
                                                   CallContext context) {
            return ((TranscriptionCapable) instance).transcribe(request.withModel(upstreamModel), context);
        }

        @Override
        public Usage usage(TranscriptionRequest request, Transcription response) {
            return response.usage();
        }

        @Override
        public String ledgerName(TranscriptionRequest request) {
            return request.translate() ? "translations" : "transcriptions";
        }

        @Override
        public double audioSeconds(Transcription response) {
            return response.audioSeconds();
        }

        @Override
        public BigDecimal cost(ModelInfo model, TranscriptionRequest request, Transcription response, Usage usage) {
            return model.audioCost(response.audioSeconds()).add(model.cost(usage.promptTokens(),
                    usage.completionTokens()));
        }
    };

    public static final Endpoint<CompletionRequest, TextCompletion> COMPLETIONS =
            new Declared<>("/v1/completions", CompletionsCapable.class) {
        @Override
        public String model(CompletionRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(CompletionRequest request) {
            long output = request.maxTokens() == null ? 16 : request.maxTokens();
            return prompt(request) + output * request.choicesPerPrompt() * Math.max(1, request.prompt().size());
        }

        private long prompt(CompletionRequest request) {
            long tokens = 0;
            for (String text : request.prompt()) {
                tokens += TokenEstimate.ofText(text);
            }
            return tokens;
        }

        @Override
        public Object field(CompletionRequest request, String name) {
            return switch (name) {
                case "max_tokens" -> request.maxTokens();
                case "temperature" -> request.temperature();
                case "top_p" -> request.topP();
                case "n" -> request.n();
                case "seed" -> request.seed();
                case "user" -> request.user();
                case "stop" -> request.stop().isEmpty() ? null : request.stop();
                default -> request.extensions().get(name);
            };
        }

        @Override
        public void checkFit(CompletionRequest request, List<Route> routes) {
            long longest = 0;
            for (String text : request.prompt()) {
                longest = Math.max(longest, TokenEstimate.ofText(text));
            }
            ModelFit.check(routes, null, longest, request.maxTokens() == null ? 16 : request.maxTokens(),
                    "max_tokens");
        }

        @Override
        public CompletionStage<TextCompletion> call(Object instance, CompletionRequest request, String upstreamModel,
                                                    CallContext context) {
            return ((CompletionsCapable) instance).complete(request.withModel(upstreamModel), context);
        }

        @Override
        public Usage usage(CompletionRequest request, TextCompletion response) {
            if (response.usage().totalTokens() > 0) {
                return response.usage();
            }
            long completion = 0;
            for (CompletionChoice choice : response.choices()) {
                completion += TokenEstimate.ofText(choice.text());
            }
            return new Usage(prompt(request), completion);
        }

        @Override
        public BigDecimal cost(ModelInfo model, CompletionRequest request, TextCompletion response, Usage usage) {
            return model.cost(usage.promptTokens(), usage.completionTokens());
        }
    };

    /**
     * Speech is streamed ({@link PieceCall}); this describes its admission and price: the input text at the
     * input token price (what {@code tts} models bill by).
     */
    public static final StreamedEndpoint<SpeechRequest, ByteBuffer> SPEECH =
            new DeclaredStream<>("/v1/audio/speech", SpeechCapable.class) {
        @Override
        public void stream(Object instance, SpeechRequest request, String upstreamModel, CallContext context,
                           Flow.Subscriber<? super ByteBuffer> subscriber) {
            ((SpeechCapable) instance).speech(request.withModel(upstreamModel), context, subscriber);
        }

        @Override
        public String model(SpeechRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(SpeechRequest request) {
            return TokenEstimate.ofText(request.input());
        }

        @Override
        public Object field(SpeechRequest request, String name) {
            return switch (name) {
                case "voice" -> request.voice();
                case "response_format" -> request.responseFormat();
                case "speed" -> request.speed();
                default -> request.extensions().get(name);
            };
        }

        @Override
        public void checkFit(SpeechRequest request, List<Route> routes) {
            ModelFit.check(routes, Modality.AUDIO, 0, 0, "model");
        }

        @Override
        public Usage usage(SpeechRequest request, Void response) {
            return new Usage(estimatedTokens(request), 0);
        }

        @Override
        public BigDecimal cost(ModelInfo model, SpeechRequest request, Void response, Usage usage) {
            return model.cost(usage.promptTokens(), 0);
        }
    };

    /**
     * {@code /v1/completions} with {@code stream}: admitted, measured and priced as {@link #COMPLETIONS}, routed to
     * instances that stream completions, each chunk handed on as it arrives.
     */
    public static final StreamedEndpoint<CompletionRequest, CompletionChunk> COMPLETIONS_STREAM =
            new DeclaredStream<>(COMPLETIONS.path(), CompletionsStreamCapable.class) {
        @Override
        public String model(CompletionRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(CompletionRequest request) {
            return COMPLETIONS.estimatedTokens(request);
        }

        @Override
        public Object field(CompletionRequest request, String name) {
            return "stream".equals(name) ? Boolean.TRUE : COMPLETIONS.field(request, name);
        }

        @Override
        public void checkFit(CompletionRequest request, List<Route> routes) {
            COMPLETIONS.checkFit(request, routes);
        }

        @Override
        public void stream(Object instance, CompletionRequest request, String upstreamModel, CallContext context,
                           Flow.Subscriber<? super CompletionChunk> subscriber) {
            ((CompletionsStreamCapable) instance).completeStream(request.withModel(upstreamModel), context, subscriber);
        }

        @Override
        public Usage reportedUsage(CompletionChunk piece) {
            return piece.usage();
        }

        @Override
        public long generatedChars(CompletionChunk piece) {
            long chars = 0;
            for (CompletionChoice choice : piece.choices()) {
                chars += choice.text() == null ? 0 : choice.text().length();
            }
            return chars;
        }

        @Override
        public Usage usage(CompletionRequest request, Void response) {
            long prompt = 0;
            for (String text : request.prompt()) {
                prompt += TokenEstimate.ofText(text);
            }
            return new Usage(prompt, 0);
        }

        @Override
        public BigDecimal cost(ModelInfo model, CompletionRequest request, Void response, Usage usage) {
            return model.cost(usage);
        }
    };

    /**
     * {@code /v1/responses} passed through to instances whose upstream has the Responses API: the body as the
     * client sent it, the answer as the upstream sent it; priced by the usage it reports (cached input and
     * reasoning at their own prices), else estimated.
     */
    public static final Endpoint<ResponsesRequest, ResponsesAnswer> RESPONSES =
            new Declared<>("/v1/responses", ResponsesCapable.class) {
        @Override
        public String model(ResponsesRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(ResponsesRequest request) {
            return responsesPrompt(request) + responsesOutput(request);
        }

        @Override
        public Object field(ResponsesRequest request, String name) {
            return request.body().get(name);
        }

        @Override
        public void checkFit(ResponsesRequest request, List<Route> routes) {
            ModelFit.check(routes, null, responsesPrompt(request), responsesOutput(request), "max_output_tokens");
        }

        @Override
        public CompletionStage<ResponsesAnswer> call(Object instance, ResponsesRequest request, String upstreamModel,
                                                     CallContext context) {
            return ((ResponsesCapable) instance).respond(request.withModel(upstreamModel), context);
        }

        @Override
        public Usage usage(ResponsesRequest request, ResponsesAnswer response) {
            return response != null && response.usage().totalTokens() > 0 ? response.usage()
                    : new Usage(responsesPrompt(request), 0);
        }

        @Override
        public BigDecimal cost(ModelInfo model, ResponsesRequest request, ResponsesAnswer response, Usage usage) {
            return model.cost(usage);
        }
    };

    /** {@code /v1/responses} with {@code stream}, passed through: every upstream event handed on as it arrives. */
    public static final StreamedEndpoint<ResponsesRequest, ResponsesEvent> RESPONSES_STREAM =
            new DeclaredStream<>(RESPONSES.path(), ResponsesCapable.class) {
        @Override
        public String model(ResponsesRequest request) {
            return request.model();
        }

        @Override
        public long estimatedTokens(ResponsesRequest request) {
            return RESPONSES.estimatedTokens(request);
        }

        @Override
        public Object field(ResponsesRequest request, String name) {
            return request.body().get(name);
        }

        @Override
        public void checkFit(ResponsesRequest request, List<Route> routes) {
            RESPONSES.checkFit(request, routes);
        }

        @Override
        public void stream(Object instance, ResponsesRequest request, String upstreamModel, CallContext context,
                           Flow.Subscriber<? super ResponsesEvent> subscriber) {
            ((ResponsesCapable) instance).respondStream(request.withModel(upstreamModel), context, subscriber);
        }

        @Override
        public Usage reportedUsage(ResponsesEvent piece) {
            return piece.usage();
        }

        @Override
        public long generatedChars(ResponsesEvent piece) {
            // the text deltas' JSON is a fair upper bound of the text; other events generate nothing
            return "response.output_text.delta".equals(piece.event()) ? piece.data().length() / 2 : 0;
        }

        @Override
        public Usage usage(ResponsesRequest request, Void response) {
            return new Usage(responsesPrompt(request), 0);
        }

        @Override
        public BigDecimal cost(ModelInfo model, ResponsesRequest request, Void response, Usage usage) {
            return model.cost(usage);
        }
    };

    /** The prompt of a Responses API request, estimated from its {@code input} and {@code instructions}. */
    private static long responsesPrompt(ResponsesRequest request) {
        return TokenEstimate.ofJson(request.body().get("input")) + TokenEstimate.ofJson(request.body().get("instructions"));
    }

    private static long responsesOutput(ResponsesRequest request) {
        return request.body().get("max_output_tokens") instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }

    /**
     * The two facts of an endpoint that are data, not behaviour: where clients call it and the capability its
     * instances implement, given where the endpoint is declared; what measures, calls and prices it stays code.
     */
    private abstract static class Declared<Q, R> implements Endpoint<Q, R> {

        private final String path;
        private final Class<?> capability;

        Declared(String path, Class<?> capability) {
            this.path = path;
            this.capability = capability;
        }

        @Override
        public final String path() {
            return path;
        }

        @Override
        public final Class<?> capability() {
            return capability;
        }
    }

    /** {@link Declared} for an endpoint whose answer streams. */
    private abstract static class DeclaredStream<Q, P> extends Declared<Q, Void> implements StreamedEndpoint<Q, P> {

        DeclaredStream(String path, Class<?> capability) {
            super(path, capability);
        }
    }
}
