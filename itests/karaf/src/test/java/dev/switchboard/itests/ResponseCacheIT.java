package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.IMap;
import dev.switchboard.core.api.ApiKeys;
import dev.switchboard.grid.GridMember;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * Both cache levels in the distribution: an answer is served from L1, and from the grid (L2) once the memory
 * cache is gone, streamed too; answers say which level; tenants do not share; stats and clearing work from the
 * shell and the admin API.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ResponseCacheIT extends SwitchboardTestSupport {

    private static final Duration LIMIT = SETTLE;

    @Inject
    private ApiKeys keys;

    @Inject
    private GridMember grid;

    private static String cacheHeader(HttpResponse<String> response) {
        return response.headers().firstValue("x-switchboard-cache").orElse("");
    }

    @Test
    public void answersFromEachLevelSayWhichAndStayWithinTheirTenant() throws Exception {
        String key = createKey(keys, "cache-it")[1];
        String message = "cache it " + System.nanoTime();

        assertThat(cacheHeader(chat(key, "mock-echo", message, "\"cache\":true"))).isEqualTo("miss");
        assertThat(cacheHeader(chat(key, "mock-echo", message, "\"cache\":true"))).isEqualTo("hit-l1");

        Bundle memory = bundle("switchboard-cache-memory");
        memory.stop();
        try {
            waitFor("memory cache unbound", LIMIT, () -> !healthNames("caches").contains("memory"));
            HttpResponse<String> fromGrid = chat(key, "mock-echo", message, "\"cache\":true");
            assertThat(cacheHeader(fromGrid)).isEqualTo("hit-l2");
            assertThat(json(fromGrid).at("/choices/0/message/content").asText()).isEqualTo(message);
            HttpResponse<String> streamed = chat(key, "mock-echo", message, "\"cache\":true,\"stream\":true");
            assertThat(cacheHeader(streamed)).isEqualTo("hit-l2");
            assertThat(sseData(streamed)).last().isEqualTo("[DONE]");
        } finally {
            memory.start();
        }
        waitFor("memory cache bound again", LIMIT, () -> healthNames("caches").contains("memory"));

        ensureTenant("other-co");
        String otherKey = keys.create("cache-it-other", "other-co", false).secret();
        assertThat(cacheHeader(chat(otherKey, "mock-echo", message, "\"cache\":true"))).isEqualTo("miss");

        String stats = executeCommand("switchboard:cache-stats");
        assertThat(stats).containsPattern("grid\\s*\\|\\s*distributed").containsPattern("l2\\s*\\|\\s*[1-9]");
        HttpResponse<String> admin = get("/admin/cache", ADMIN_KEY);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(json(admin).at("/gateway/levels/1/hits").asLong()).isPositive();
        assertThat(get("/admin/cache", key).statusCode()).isEqualTo(403);

        assertThat(executeCommand("switchboard:cache-clear --tenant default")).contains("grid:", "memory:");
        assertThat(cacheHeader(chat(key, "mock-echo", message, "\"cache\":true"))).isEqualTo("miss");
    }

    /** Someone on the grid port rewrites the cached answers: the gateway serves none of their text. */
    @Test
    public void aForgedGridEntryIsAMissNotAnAnswer() throws Exception {
        String key = createKey(keys, "cache-it-forged")[1];
        String message = "forge me " + System.nanoTime();
        assertThat(cacheHeader(chat(key, "mock-echo", message, "\"cache\":true"))).isEqualTo("miss");

        IMap<String, byte[]> entries = grid.hazelcast().getMap("switchboard.entries.response-cache.v1");
        waitFor("the answer stored in the grid", LIMIT, () -> !entries.isEmpty());
        byte[] forged = ("\0\0\0\0\0\0\0\0" + "x".repeat(32) + "{\"id\":\"chatcmpl-evil\",\"model\":\"mock-echo\","
                + "\"createdEpochSeconds\":1,\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"ATTACKER TEXT\"},\"finishReason\":\"stop\"}]}").getBytes(StandardCharsets.ISO_8859_1);
        for (String entryKey : entries.keySet()) {
            entries.set(entryKey, forged);
        }

        Bundle memory = bundle("switchboard-cache-memory");
        memory.stop();
        try {
            waitFor("memory cache unbound", LIMIT, () -> !healthNames("caches").contains("memory"));
            HttpResponse<String> answer = chat(key, "mock-echo", message, "\"cache\":true");
            assertThat(cacheHeader(answer)).isEqualTo("miss");
            assertThat(answer.body()).doesNotContain("ATTACKER TEXT");
            assertThat(json(answer).at("/choices/0/message/content").asText()).isEqualTo(message);
        } finally {
            memory.start();
        }
        waitFor("memory cache bound again", LIMIT, () -> healthNames("caches").contains("memory"));
    }
}
