package dev.switchboard.selection.lowestcost.internal;

import dev.switchboard.api.chat.ChatMessage;
import dev.switchboard.api.chat.ChatRequest;
import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.api.selection.Candidate;
import dev.switchboard.api.selection.SelectionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Cheapest first: each candidate's catalog prices ({@link ModelInfo}, USD per million tokens) times the tokens
 * the request is expected to use (prompt: about four characters a token plus a few per message; completion: its
 * {@code max_tokens}, or the configured expectation). Prices differ per instance when operators list them so (a
 * discounted key, another region), and always across models of a route. Equal costs keep core's order; open
 * circuits go last.
 */
@Component(service = SelectionStrategy.class,
        property = SelectionStrategy.NAME_PROPERTY + "=" + LowestCostSelection.NAME,
        configurationPid = LowestCostSelection.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = LowestCostConfig.class)
public final class LowestCostSelection implements SelectionStrategy {

    public static final String NAME = "lowest-cost";
    public static final String PID = "dev.switchboard.selection.lowest-cost";

    private volatile int expectedCompletionTokens = 256;

    @Activate
    @Modified
    void activate(LowestCostConfig config) {
        configure(config.expected_completion_tokens());
    }

    void configure(int completionTokens) {
        expectedCompletionTokens = Math.max(0, completionTokens);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Candidate> order(ChatRequest request, List<Candidate> candidates) {
        if (candidates == null || candidates.isEmpty()) {
            return List.of();
        }
        if (candidates.size() == 1) {
            return candidates;
        }
        long prompt = promptTokens(request);
        long completion = request != null && request.maxTokens() != null && request.maxTokens() >= 0
                ? request.maxTokens() : expectedCompletionTokens;
        int n = candidates.size();
        Integer[] index = new Integer[n];
        double[] costs = new double[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
            Candidate c = candidates.get(i);
            boolean open = c.stats() != null && c.stats().circuitOpen();
            costs[i] = open ? Double.POSITIVE_INFINITY : expectedCost(c.model(), prompt, completion);
        }
        Arrays.sort(index, Comparator.comparingDouble((Integer i) -> costs[i]));
        List<Candidate> ordered = new ArrayList<>(n);
        for (Integer i : index) {
            ordered.add(candidates.get(i));
        }
        return Collections.unmodifiableList(ordered);
    }

    static double expectedCost(ModelInfo model, long promptTokens, long completionTokens) {
        if (model == null) {
            return 0.0;
        }
        return model.inputPricePerMTok().doubleValue() * promptTokens
                + model.outputPricePerMTok().doubleValue() * completionTokens;
    }

    static long promptTokens(ChatRequest request) {
        if (request == null || request.messages() == null) {
            return 0;
        }
        long chars = 0;
        for (ChatMessage message : request.messages()) {
            chars += message.content() == null ? 0 : message.content().length();
        }
        return chars / 4 + 4L * request.messages().size();
    }
}
