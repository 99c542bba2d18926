package dev.switchboard.api.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import java.util.List;
import org.junit.Test;

public class CacheKeyTest {

    private static CacheKey key(String scope, String model) {
        return new CacheKey(scope, "fp", ChatRequest.builder(model, List.of(ChatMessage.of("user", "hi"))).build());
    }

    @Test
    public void thePartitionedKeyFindsItsTenantAndModelWhateverCharactersTheyHold() {
        CacheKey key = key("ac:me" + CacheKey.PARTITION + "u=alice", "gpt:4o");

        assertThat(key.tenant()).isEqualTo("ac:me");
        assertThat(CacheKey.matches(key.partitionedKey(), "ac:me", "gpt:4o")).isTrue();
        assertThat(CacheKey.matches(key.partitionedKey(), "ac:me", null)).isTrue();
        assertThat(CacheKey.matches(key.partitionedKey(), null, "gpt:4o")).isTrue();
        assertThat(CacheKey.matches(key.partitionedKey(), "ac", null)).isFalse();
        assertThat(CacheKey.matches(key.partitionedKey(), "ac:me", "gpt")).isFalse();
        assertThat(key.partitionedKey()).startsWith(CacheKey.prefix("ac:me", "gpt:4o"));
    }

    @Test
    public void differentScopesAndModelsNeverShareAPartitionedKey() {
        assertThat(key("a:b", "m").partitionedKey()).isNotEqualTo(key("a", "b:m").partitionedKey());
        assertThat(key("t", "m").partitionedKey()).isNotEqualTo(key("t" + CacheKey.PARTITION + "n=x", "m")
                .partitionedKey());
    }

    @Test
    public void malformedKeysMatchNothing() {
        for (String bad : List.of("", "x", "3:ab", "-1:a:", "2:ab:", "99:a:b:c")) {
            assertThat(CacheKey.matches(bad, null, null)).as(bad).isFalse();
        }
    }
}
