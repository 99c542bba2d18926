package dev.switchboard.provider.mock.internal;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.chat.Usage;
import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.provider.ProviderException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the mock answers, as pure functions of the request: the same request always gets the same
 * text, finish reason and token counts, so tests and caches can rely on it.
 */
final class MockAnswers {

    static final String STOP = "stop";
    static final String LENGTH = "length";
    static final int DEFAULT_LOREM_WORDS = 32;

    /** Tokens are estimated, not counted: about one per four characters, at least one per message. */
    static final int CHARS_PER_TOKEN = 4;

    private static final String[] LOREM_WORDS = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur",
        "adipiscing", "elit", "sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore",
        "magna", "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco",
        "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat", "duis", "aute", "irure", "in",
        "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat", "nulla", "pariatur", "excepteur",
        "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui", "officia", "deserunt",
        "mollit", "anim", "id", "est", "laborum"};

    record Answer(String text, String finishReason, Usage usage) {
    }

    private MockAnswers() {
    }

    /**
     * {@code mock-echo} (and any model without "lorem" in its id) answers with the last user message;
     * {@code mock-lorem} writes lorem ipsum chosen by the request's seed: {@value #DEFAULT_LOREM_WORDS}
     * words, or, when {@code max_tokens} is set, text until that limit cuts it. Either answer is cut to
     * {@code max_tokens}, with finish reason "length" when it was.
     */
    static Answer answer(ChatRequest request, ModelInfo model) {
        Integer maxTokens = request.maxTokens();
        if (maxTokens != null && maxTokens < 1) {
            throw new ProviderException(ErrorCode.BAD_REQUEST, "max_tokens must be at least 1");
        }
        String text;
        if (MockModels.isLorem(model.id())) {
            long seed = request.seed() == null ? 0 : request.seed();
            text = maxTokens == null
                    ? lorem(seed, DEFAULT_LOREM_WORDS, Long.MAX_VALUE)
                    // one word beyond the limit, so the cut below reports "length" like a model stopped mid-flow
                    : lorem(seed, Integer.MAX_VALUE, (long) Math.min(maxTokens, model.contextWindow()) * CHARS_PER_TOKEN);
        } else {
            text = lastUserText(request.messages());
        }
        String finish = STOP;
        if (maxTokens != null && estimateTokens(text) > maxTokens) {
            text = cut(text, (long) maxTokens * CHARS_PER_TOKEN);
            finish = LENGTH;
        }
        return new Answer(text, finish, new Usage(promptTokens(request.messages()), estimateTokens(text)));
    }

    static long estimateTokens(String text) {
        long length = text == null ? 0 : text.length();
        return Math.max(1, (length + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    static long promptTokens(List<ChatMessage> messages) {
        long tokens = 0;
        for (ChatMessage message : messages) {
            tokens += estimateTokens(message.content());
        }
        return tokens;
    }

    static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if (ChatMessage.USER.equals(message.role())) {
                return message.content() == null ? "" : message.content();
            }
        }
        return "";
    }

    /**
     * Lorem ipsum in sentences of 5 to 12 words, from a SplitMix64 sequence of the seed. Stops after
     * {@code maxWords} words or once longer than {@code minChars}, whichever comes first.
     */
    static String lorem(long seed, int maxWords, long minChars) {
        StringBuilder text = new StringBuilder();
        long state = seed;
        int words = 0;
        int leftInSentence = 0;
        while (words < maxWords && text.length() <= minChars) {
            state += 0x9E3779B97F4A7C15L;
            long random = mix(state);
            if (leftInSentence == 0) {
                leftInSentence = 5 + (int) Long.remainderUnsigned(random >>> 32, 8);
            }
            String word = LOREM_WORDS[(int) Long.remainderUnsigned(random, LOREM_WORDS.length)];
            boolean sentenceStart = text.length() == 0 || text.charAt(text.length() - 1) == '.';
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(sentenceStart ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            words++;
            leftInSentence--;
            if (leftInSentence == 0 || words == maxWords) {
                text.append('.');
                leftInSentence = 0;
            }
        }
        return text.toString();
    }

    /** The longest whole-word prefix of at most {@code maxChars} characters (a hard cut for one long word). */
    static String cut(String text, long maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int limit = (int) maxChars;
        int end = limit;
        while (end > 0 && !Character.isWhitespace(text.charAt(end))) {
            end--;
        }
        if (end == 0) {
            end = limit;
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
        }
        return text.substring(0, end).stripTrailing();
    }

    /** Splits text into word chunks that concatenate back to it exactly: each piece starts at a word. */
    static List<String> wordChunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
                chunks.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length()) {
            chunks.add(text.substring(start));
        }
        return chunks;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
