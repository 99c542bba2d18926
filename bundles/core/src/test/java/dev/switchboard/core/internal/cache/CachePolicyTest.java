package dev.switchboard.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.CacheMode;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.Role;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;

public class CachePolicyTest {

    private static final Caller KEY_1 = new Caller("key-1", "one", "tenant-a", false);
    private static final Caller KEY_2 = new Caller("key-2", "two", "tenant-a", false);
    private static final Caller OTHER_TENANT = new Caller("key-3", "three", "tenant-b", false);

    private static ChatRequest request(Double temperature, String user, Map<String, Object> extensions) {
        return new ChatRequest("gpt-x", List.of(ChatMessage.of("user", "hello")), temperature, null, null, null, null,
                false, false, user, extensions);
    }

    private static ChatRequest deterministic(Map<String, Object> extensions) {
        return request(0.0, null, extensions);
    }

    private static CachePolicy.Decision decide(ChatRequest request, Caller caller) {
        return CachePolicy.decide(request, caller, CacheSettings.DEFAULTS);
    }

    @Test
    public void tenantsNeverShareAKeyButTheKeysOfOneTenantDoByDefault() {
        String a1 = decide(deterministic(Map.of()), KEY_1).key().exactKey();
        String a2 = decide(deterministic(Map.of()), KEY_2).key().exactKey();
        String b = decide(deterministic(Map.of()), OTHER_TENANT).key().exactKey();

        assertThat(a1).isEqualTo(a2).isNotEqualTo(b);
    }

    @Test
    public void aPinnedRequestAsksItsUpstreamNeverTheCache() {
        Caller admin = new Caller("key-0", "admin", "tenant-a", true);
        assertThat(decide(deterministic(Map.of()), admin)).isNotNull();
        assertThat(decide(deterministic(Map.of()), admin.pinning("openai-eu"))).isNull();
        assertThat(decide(deterministic(Map.of()), admin.pinning(null, "anthropic"))).isNull();
        assertThat(CachePolicy.forUpstream(deterministic(Map.of("switchboard_provider", "anthropic", "seed_x", 1)))
                .extensions()).as("the gateway's fields stay here").containsOnlyKeys("seed_x");
    }

    @Test
    public void partitionByKeyKeepsEachKeysAnswersApart() {
        CacheSettings byKey = CacheSettings.parse("key", false, false, "", "");

        assertThat(CachePolicy.decide(deterministic(Map.of()), KEY_1, byKey).key().exactKey())
                .isNotEqualTo(CachePolicy.decide(deterministic(Map.of()), KEY_2, byKey).key().exactKey());
        assertThat(CachePolicy.decide(deterministic(Map.of()), KEY_1, byKey).key().tenant()).isEqualTo("tenant-a");
    }

    /** Key 1 with its own cache setting, as its record carries it. */
    private static Caller keyOne(CacheMode mode) {
        return new Caller("key-1", "one", "tenant-a", Role.APP, null, null, null, List.of(), Set.of(), mode, null);
    }

    /** A key's own setting: key keeps its answers apart from the tenant's others; off turns caching off. */
    @Test
    public void aKeyIsolatedOrOffByItsOwnSetting() {
        ChatRequest request = deterministic(Map.of());
        String shared = decide(request, KEY_2).key().exactKey();
        CachePolicy.Decision isolated = decide(request, keyOne(CacheMode.KEY));

        assertThat(isolated.key().exactKey()).isNotEqualTo(shared);
        assertThat(isolated.key().tenant()).isEqualTo("tenant-a");
        assertThat(decide(request, keyOne(CacheMode.DEFAULT)).key().exactKey()).isEqualTo(shared);
        assertThat(decide(request, keyOne(CacheMode.OFF))).isNull();
        assertThat(decide(deterministic(Map.of("cache", Map.of("namespace", "ns"))), keyOne(CacheMode.OFF)))
                .as("a request cannot opt back in").isNull();
        assertThat(decide(request(0.7, null, Map.of()), keyOne(CacheMode.KEY)))
                .as("isolation never opts a request in").isNull();
        assertThatThrownBy(() -> decide(deterministic(Map.of("cache", "maybe")), keyOne(CacheMode.OFF)))
                .isInstanceOf(GatewayException.class);
        assertThat(CacheMode.fromWire(" Key ")).isEqualTo(CacheMode.KEY);
        assertThat(CacheMode.fromWire(null)).isEqualTo(CacheMode.DEFAULT);
        assertThatThrownBy(() -> CacheMode.fromWire("shared")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void aKeysCacheSettingOverridesTheRequest() {
        Caller off = new Caller("key-4", "off", "tenant-a", dev.switchboard.core.api.Role.APP, null, null, null,
                List.of(), java.util.Set.of(), dev.switchboard.core.api.CacheMode.OFF, null);
        Caller own = new Caller("key-5", "own", "tenant-a", dev.switchboard.core.api.Role.APP, null, null, null,
                List.of(), java.util.Set.of(), dev.switchboard.core.api.CacheMode.KEY, null);
        assertThat(decide(deterministic(Map.of("cache", true)), off)).isNull();
        assertThat(decide(deterministic(Map.of()), own).key().exactKey())
                .isNotEqualTo(decide(deterministic(Map.of()), KEY_1).key().exactKey());
    }

    @Test
    public void anAnswerForOneEndUserIsNeverServedToAnother() {
        String alice = decide(request(0.0, "alice", Map.of()), KEY_1).key().exactKey();
        String bob = decide(request(0.0, "bob", Map.of()), KEY_1).key().exactKey();
        String nobody = decide(request(0.0, null, Map.of()), KEY_1).key().exactKey();

        assertThat(alice).isNotEqualTo(bob).isNotEqualTo(nobody);
    }

    @Test
    public void toolsAndImagesAreCachedOnlyWhereTheOperatorAllowsIt() {
        ChatRequest tools = deterministic(Map.of("tools", List.of(Map.of("type", "function"))));
        ChatRequest image = new ChatRequest("gpt-x", List.of(new ChatMessage("user", "what is this", null,
                Map.of("content", List.of(Map.of("type", "text", "text", "what is this"),
                        Map.of("type", "image_url", "image_url", Map.of("url", "https://example.invalid/a.png")))))),
                0.0, null, null, null, null, false, false, null, Map.of("cache", true));

        assertThat(decide(tools, KEY_1)).isNull();
        assertThat(decide(image, KEY_1)).isNull();
        CacheSettings allowing = CacheSettings.parse("tenant", true, true, "", "");
        assertThat(CachePolicy.decide(tools, KEY_1, allowing)).isNotNull();
        assertThat(CachePolicy.decide(image, KEY_1, allowing)).isNotNull();
    }

    @Test
    public void theCacheFieldOptsInAndOutAndAnExcludedModelIsNeverCached() {
        assertThat(decide(request(0.7, null, Map.of()), KEY_1)).isNull();
        assertThat(decide(request(0.7, null, Map.of("cache", true)), KEY_1)).isNotNull();
        assertThat(decide(request(0.0, null, Map.of("cache", false)), KEY_1)).isNull();
        assertThat(CachePolicy.decide(deterministic(Map.of()), KEY_1, CacheSettings.parse("", false, false, "gpt-*", "")))
                .isNull();
    }

    @Test
    public void anObjectGivesNoCacheNoStoreTtlAndNamespace() {
        CachePolicy.Decision refresh = decide(deterministic(Map.of("cache", Map.of("no_cache", true))), KEY_1);
        assertThat(refresh.lookup()).isFalse();
        assertThat(refresh.store()).isTrue();

        CachePolicy.Decision peek = decide(request(0.9, null, Map.of("cache", Map.of("no_store", true))), KEY_1);
        assertThat(peek.lookup()).isTrue();
        assertThat(peek.store()).isFalse();

        assertThat(decide(deterministic(Map.of("cache", Map.of("no_store", true, "no_cache", true))), KEY_1)).isNull();

        CachePolicy.Decision spaced = decide(deterministic(Map.of("cache", Map.of("ttl", 60, "namespace", "eval-7"))),
                KEY_1);
        assertThat(spaced.key().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spaced.key().exactKey()).isNotEqualTo(decide(deterministic(Map.of()), KEY_1).key().exactKey());
        assertThat(spaced.key().tenant()).isEqualTo("tenant-a");
    }

    @Test
    public void theShorterOfTheRequestsAndTheModelsTimeToLiveApplies() {
        CacheSettings settings = CacheSettings.parse("tenant", false, false, "", "gpt-*=30");

        assertThat(CachePolicy.decide(deterministic(Map.of()), KEY_1, settings).key().ttl())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(CachePolicy.decide(deterministic(Map.of("cache", Map.of("ttl", 10))), KEY_1, settings).key().ttl())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(decide(deterministic(Map.of()), KEY_1).key().ttl()).isNull();
    }

    @Test
    public void aMalformedCacheFieldIsTheClientsError() {
        for (Object bad : List.of("maybe", 3, Map.of("ttl", -1), Map.of("ttl", 1.5), Map.of("namespace", "a b"),
                Map.of("no_store", "yes"), Map.of("forever", true))) {
            Map<String, Object> ext = new HashMap<>();
            ext.put("cache", bad);
            assertThatThrownBy(() -> decide(deterministic(ext), KEY_1)).as(String.valueOf(bad))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
