package dev.switchboard.shell.internal;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.Locale;

/** How the commands print money, prices, latencies and a served request's summary line. */
final class Figures {

    private Figures() {
    }

    /** Exact dollars without exponent or trailing zeros: {@code 0.0000425}, {@code 2.5}, {@code 0}. */
    static String usd(BigDecimal amount) {
        if (amount == null || amount.signum() == 0) {
            return "0";
        }
        return amount.stripTrailingZeros().toPlainString();
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    static String millisFromNanos(long nanos) {
        return Long.toString(Math.round(nanos / 1_000_000.0));
    }

    /** The line printed under an answer: what it consumed, cost and took, and who served it. */
    static String servedBy(Usage usage, BigDecimal costUsd, long latencyNanos, String instanceId, boolean cached) {
        Usage counted = usage == null ? Usage.NONE : usage;
        return "tokens in/out: " + counted.promptTokens() + "/" + counted.completionTokens()
                + " | cost: $" + usd(costUsd)
                + " | latency: " + millisFromNanos(latencyNanos) + " ms"
                + " | instance: " + (instanceId == null ? "-" : instanceId)
                + (cached ? " (cache hit)" : "");
    }
}
