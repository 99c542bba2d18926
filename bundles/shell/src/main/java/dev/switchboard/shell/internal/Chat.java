package dev.switchboard.shell.internal;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.core.api.Caller;
import dev.switchboard.core.api.ChatOutcome;
import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.GatewayException;
import dev.switchboard.core.api.StreamHandle;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "switchboard", name = "chat",
        description = "Sends a prompt through the full gateway path as the shell's admin caller; prints the answer, "
                + "tokens, cost, latency and the instance that served it.")
@Service
public class Chat implements Action {

    /** The shell is an operator at the console, so it calls as an admin of the default tenant. */
    static final Caller SHELL_CALLER = new Caller("shell", "shell", "default", true);

    @Argument(index = 0, name = "model", required = true, description = "Model id (or alias)")
    @Completion(ModelIdCompleter.class)
    String model;

    @Argument(index = 1, name = "prompt", required = true, multiValued = true, description = "The user message")
    List<String> prompt;

    @Option(name = "--stream", aliases = "-s", description = "Print the answer as it is generated")
    boolean stream;

    @Option(name = "--system", description = "A system message sent before the prompt")
    String system;

    @Option(name = "--max-tokens", aliases = "-m", description = "Upper bound on completion tokens")
    Integer maxTokens;

    @Option(name = "--temperature", aliases = "-t", description = "Sampling temperature, 0 to 2")
    Double temperature;

    @Reference
    Gateway gateway;

    @Override
    public Object execute() throws Exception {
        ChatRequest request = request(model, prompt, system, maxTokens, temperature, stream);
        if (stream) {
            streamed(request, System.out);
        } else {
            blocking(request, System.out);
        }
        return null;
    }

    static ChatRequest request(String model, List<String> prompt, String system, Integer maxTokens,
                               Double temperature, boolean stream) {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null && !system.isBlank()) {
            messages.add(ChatMessage.of(ChatMessage.SYSTEM, system));
        }
        messages.add(ChatMessage.of(ChatMessage.USER, String.join(" ", prompt)));
        return new ChatRequest(model, messages, temperature, null, maxTokens, null, null, stream, stream, null,
                Map.of());
    }

    void blocking(ChatRequest request, PrintStream out) throws InterruptedException {
        ChatOutcome outcome;
        try {
            outcome = gateway.chat(SHELL_CALLER, request).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (GatewayException e) {
            throw failure(e);
        }
        out.println(outcome.response().firstContent());
        out.println();
        out.println(Figures.servedBy(outcome.response().usage(), outcome.costUsd(), outcome.latencyNanos(),
                outcome.instanceId(), outcome.cached()));
    }

    void streamed(ChatRequest request, PrintStream out) {
        StreamedAnswer answer = new StreamedAnswer();
        StreamHandle handle;
        try {
            handle = gateway.chatStream(SHELL_CALLER, request, answer);
        } catch (GatewayException e) {
            throw failure(e);
        }
        try {
            answer.printTo(out);
        } catch (InterruptedException e) {
            // Ctrl-C at the console: stop paying for tokens nobody reads
            handle.cancel();
            Thread.currentThread().interrupt();
        } catch (GatewayException e) {
            throw failure(e);
        }
    }

    /** A refusal or failure as one line the console shows: status, type, code and message. */
    static RuntimeException failure(Throwable cause) {
        if (cause instanceof GatewayException error) {
            return new IllegalStateException(error.status() + " " + error.type()
                    + (error.code() == null ? "" : " (" + error.code() + ")") + ": " + error.getMessage(), error);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }
}
