package dev.switchboard.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one attack class sent and got back, and every answer that broke a rule. The rules every answer
 * must keep, whatever the attack: an answer (or a closed connection) within the request's timeout, never a
 * 5xx, and on {@code /v1} an error is JSON in OpenAI's shape ({@code {"error":{"message","type",...}}}),
 * never a container's HTML page. An attack adds its own
 * expectations with {@link #expect}. Thread-safe: attacks record from many threads.
 */
final class AttackTally {

    /** How many broken rules are kept verbatim; the rest are only counted. */
    private static final int KEPT = 25;

    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    private int violationCount;
    private int sent;

    /** Records one answer to a request on {@code /v1} (when {@code onV1}) or elsewhere, and checks the shared rules. */
    synchronized void record(String what, RawHttp.Answer answer, boolean onV1) {
        sent++;
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() >= 500) {
            violation(what + ": " + answer.describe());
        } else if (answer.status() == RawHttp.TIMED_OUT) {
            violation(what + ": no answer within the timeout");
        } else if (onV1 && answer.status() >= 400 && !exemptFromShape(what, answer)) {
            String problem = openAiErrorProblem(answer);
            if (problem != null) {
                violation(what + ": " + problem + ": " + answer.describe());
            }
        }
    }

    /** Records an answer that must also have one of {@code allowed} (use {@link RawHttp#CLOSED} for "closed"). */
    synchronized void expect(String what, RawHttp.Answer answer, boolean onV1, Collection<Integer> allowed) {
        record(what, answer, onV1);
        if (!allowed.contains(answer.status())) {
            violation(what + ": expected one of " + allowed.stream().map(AttackTally::statusName).toList() + ", got "
                    + answer.describe());
        }
    }

    /**
     * Records an answer to a request that breaks HTTP itself (e.g. an HTTP/0.9 request line): only
     * {@code allowed} counts, which may include the 5xx the protocol prescribes (505).
     */
    synchronized void protocol(String what, RawHttp.Answer answer, Collection<Integer> allowed) {
        sent++;
        statuses.merge(answer.status(), 1, Integer::sum);
        if (!allowed.contains(answer.status())) {
            violation(what + ": expected one of " + allowed.stream().map(AttackTally::statusName).toList() + ", got "
                    + answer.describe());
        }
    }

    /** Counts a request whose answer is judged elsewhere (a stream held open, a trickle). */
    synchronized void sent(int count) {
        sent += count;
    }

    synchronized void status(int status) {
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500) {
            violation("a " + status + " answer");
        }
    }

    synchronized void violation(String text) {
        violationCount++;
        if (violations.size() < KEPT) {
            violations.add(text);
        }
    }

    synchronized int sent() {
        return sent;
    }

    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        if (violationCount > violations.size()) {
            all.add("... and " + (violationCount - violations.size()) + " more");
        }
        return all;
    }

    /** The highest real status seen (0 when none). */
    synchronized int worstStatus() {
        return statuses.keySet().stream().filter(s -> s > 0).max(Integer::compare).orElse(0);
    }

    /** E.g. {@code 400x12 413x3 closedx2}. */
    synchronized String statusSummary() {
        return statuses.entrySet().stream().map(e -> statusName(e.getKey()) + "x" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    static String statusName(int status) {
        return status == RawHttp.CLOSED ? "closed" : status == RawHttp.TIMED_OUT ? "timeout" : String.valueOf(status);
    }

    /** Null when the answer is an OpenAI-shaped JSON error, else what is wrong with it. */
    static String openAiErrorProblem(RawHttp.Answer answer) {
        String type = answer.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            return "not JSON (Content-Type " + type + ")";
        }
        try {
            JsonNode error = SwitchboardTestSupport.JSON.readTree(answer.body()).path("error");
            if (!error.isObject() || error.path("message").asText().isBlank() || error.path("type").asText().isBlank()) {
                return "JSON without error.message and error.type";
            }
            return null;
        } catch (IOException e) {
            return "unparsable JSON";
        }
    }

    /**
     * Jetty's own refusal of a request it could not parse (its {@code <h1>Bad Message} page, sent before any
     * servlet sees the request), and an empty answer to HEAD or TRACE, need not be JSON.
     */
    private static boolean exemptFromShape(String what, RawHttp.Answer answer) {
        String method = methodOf(what);
        return answer.body().startsWith("<h1>Bad Message")
                || answer.body().isEmpty() && ("HEAD".equals(method) || "TRACE".equals(method));
    }

    private static String methodOf(String what) {
        int space = what.indexOf(' ');
        return space < 0 ? what : what.substring(0, space);
    }
}
