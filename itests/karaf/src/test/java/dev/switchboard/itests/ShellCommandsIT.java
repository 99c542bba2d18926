package dev.switchboard.itests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The switchboard:* console commands against the running gateway. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends SwitchboardTestSupport {

    @Test
    public void providerListShowsTheMockInstance() {
        String output = executeCommand("switchboard:provider-list");

        assertThat(output).contains("mock");
    }

    @Test
    public void modelListShowsTheMockModels() {
        String output = executeCommand("switchboard:model-list");

        assertThat(output).contains("mock-echo", "mock-lorem");
    }

    @Test
    public void chatPrintsTheAnswer() {
        String output = executeCommand("switchboard:chat mock-echo hello from the console");

        assertThat(output).contains("hello from the console");
    }

    @Test
    public void chatStreamPrintsTheAnswer() {
        String output = executeCommand("switchboard:chat --stream mock-echo streamed to the console");

        assertThat(output).contains("streamed to the console");
    }

    @Test
    public void statsCountsWhatWasServed() {
        executeCommand("switchboard:chat mock-lorem something to count");

        String output = executeCommand("switchboard:stats");

        assertThat(output).contains("mock-lorem", "Requests");
    }

    @Test
    public void cacheStatsListsTheBoundCacheWithItsOwnCounters() {
        String output = executeCommand("switchboard:cache-stats");

        assertThat(output).contains("Hit ratio", "Entries").containsPattern("memory\\s*\\|\\s*memory");
    }

    @Test
    public void keyCreatePrintsTheSecretOnceAndKeyListNever() {
        String created = executeCommand("switchboard:key-create shell-it-app");

        assertThat(created).contains("shell-it-app").contains("Secret: sk-sb-");
        String secret = created.substring(created.indexOf("Secret: ") + "Secret: ".length()).split("\\s")[0];
        String listed = executeCommand("switchboard:key-list");
        assertThat(listed).contains("shell-it-app").doesNotContain(secret);
        assertThat(chat(secret, "mock-echo", "made in the shell", "").statusCode()).isEqualTo(200);
    }
}
