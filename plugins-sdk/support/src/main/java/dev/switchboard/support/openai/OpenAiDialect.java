package dev.switchboard.support.openai;

/**
 * Where an OpenAI-compatible server departs from OpenAI in what it accepts: many (Mistral, DeepSeek, Together,
 * LM Studio, older vLLM) know only {@code max_tokens}, and some refuse {@code stream_options}, which they
 * answer 400/422. What they answer is read the same way everywhere.
 *
 * @param maxTokensField the request field that carries the token limit
 * @param streamUsage    whether a stream asks for the final usage chunk ({@code stream_options.include_usage});
 *                       without it the gateway estimates tokens when the server reports none
 */
public record OpenAiDialect(String maxTokensField, boolean streamUsage) {

    /** OpenAI's own API (and Azure's): {@code max_completion_tokens}, usage asked for in streams. */
    public static final OpenAiDialect OPENAI = new OpenAiDialect("max_completion_tokens", true);

    public OpenAiDialect {
        if (!"max_tokens".equals(maxTokensField) && !"max_completion_tokens".equals(maxTokensField)) {
            throw new IllegalArgumentException("the token limit field is max_tokens or max_completion_tokens");
        }
    }
}
