package dev.switchboard.cache.semantic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = SemanticCacheConfig.PID, name = "Switchboard semantic cache",
        description = "Answers a prompt with the answer of a near-identical earlier prompt (cosine similarity of "
                + "their embeddings). Off unless both an embedding model and the models it serves are set.")
public @interface SemanticCacheConfig {

    String PID = "dev.switchboard.cache.semantic";

    @AttributeDefinition(name = "Embedding model",
            description = "The model the gateway embeds prompts with (any routed model whose instance declares "
                    + "embeddings). Empty: the cache is off.")
    String embedding_model() default "";

    @AttributeDefinition(name = "Models",
            description = "Chat models whose answers this cache serves (names as clients send them; a trailing * "
                    + "matches a prefix). Empty: none, the cache is off.")
    String[] models() default {};

    @AttributeDefinition(name = "Similarity threshold",
            description = "Least cosine similarity between two prompts' embeddings for one's answer to serve the "
                    + "other, in (0, 1]. Lower serves more and risks more wrong answers.")
    double similarity_threshold() default 0.95;

    @AttributeDefinition(name = "Time to live (seconds)",
            description = "How long an answer stays servable after it was stored. 0 or less: no time limit.")
    long ttl_seconds() default 300;

    @AttributeDefinition(name = "Maximum entries",
            description = "Upper bound on indexed answers each node holds, all tenants together: of the shared map "
                    + "in the grid, and in this node's view of its vectors; the least recently used go first. "
                    + "0 disables the cache.")
    int max_entries() default 1_000;

    @AttributeDefinition(name = "Lookup wait (milliseconds)",
            description = "How long a lookup waits for the prompt's embedding and the answer before it counts as a "
                    + "miss (no thread waits: the request goes on when either comes). 0: answer only from embeddings "
                    + "already there.")
    long lookup_timeout_ms() default 50;

    @AttributeDefinition(name = "Maximum prompt characters",
            description = "Longer prompts are not cached here (nor embedded).")
    int max_prompt_chars() default 8_000;

    @AttributeDefinition(name = "Maximum entry size (bytes)",
            description = "Answers whose JSON is larger are not indexed, so one answer cannot take the grid's memory.")
    int max_entry_bytes() default 262_144;
}
