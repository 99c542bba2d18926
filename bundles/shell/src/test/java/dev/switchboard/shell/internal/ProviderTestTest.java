package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.ProviderCheckReport;
import dev.switchboard.core.api.ProviderChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.Test;

public class ProviderTestTest {

    private final List<String> asked = new ArrayList<>();
    private final ProviderChecks checks = new ProviderChecks() {
        @Override
        public List<String> instanceIds() {
            return List.of("ollama-local", "openai-eu", "template");
        }

        @Override
        public CompletionStage<ProviderCheckReport> test(String instanceId, boolean chat) {
            asked.add(instanceId + (chat ? " --chat" : ""));
            return switch (instanceId) {
                case "openai-eu" -> CompletableFuture.completedFuture(new ProviderCheckReport(instanceId,
                        ProviderCheckReport.CHECK, true, 42, "12 models listed"));
                case "ollama-local" -> CompletableFuture.completedFuture(new ProviderCheckReport(instanceId,
                        ProviderCheckReport.CHECK, false, 3, "ProviderException: ollama: connection refused"));
                case "template" -> CompletableFuture.completedFuture(chat
                        ? new ProviderCheckReport(instanceId, ProviderCheckReport.CHAT, true, 310, "answered")
                        : new ProviderCheckReport(instanceId, ProviderCheckReport.NONE, false, 0,
                        "it cannot be tested without billing tokens (--chat sends a one-token chat)"));
                default -> CompletableFuture.failedFuture(new IllegalArgumentException("No serving instance "
                        + instanceId + "."));
            };
        }
    };

    @Test
    public void printsTheLatencyOfAPassedCheck() throws Exception {
        String printed = run("openai-eu", false);

        assertThat(printed).contains("openai-eu answered in 42 ms", "12 models listed");
    }

    @Test
    public void printsTheErrorOfAFailedCheck() throws Exception {
        assertThat(run("ollama-local", false)).contains("ollama-local FAILED after 3 ms", "connection refused");
    }

    @Test
    public void anInstanceWithoutACheckIsChattedWithOnlyOnRequest() throws Exception {
        assertThat(run("template", false)).contains("cannot be tested", "without billing");
        assertThat(run("template", true)).contains("template answered in 310 ms (chat");
        assertThat(asked).containsExactly("template", "template --chat");
    }

    @Test
    public void refusesAnUnknownInstanceAndCompletesTheServingOnes() {
        assertThatThrownBy(() -> run("nope", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");

        ServingInstanceCompleter completer = new ServingInstanceCompleter();
        completer.checks = checks;
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new Line("openai"), candidates);
        assertThat(candidates).extracting(String::trim).containsExactly("openai-eu");
    }

    private String run(String instance, boolean chat) throws Exception {
        ProviderTest command = new ProviderTest();
        command.checks = checks;
        command.instance = instance;
        command.chat = chat;
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A command line whose cursor is at the end of its one argument. */
    private record Line(String argument) implements org.apache.karaf.shell.api.console.CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return 0;
        }

        @Override
        public String getCursorArgument() {
            return argument;
        }

        @Override
        public int getArgumentPosition() {
            return argument.length();
        }

        @Override
        public String[] getArguments() {
            return new String[] {argument};
        }

        @Override
        public int getBufferPosition() {
            return argument.length();
        }

        @Override
        public String getBuffer() {
            return argument;
        }
    }
}
