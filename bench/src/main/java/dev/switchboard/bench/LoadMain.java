package dev.switchboard.bench;

/**
 * Load by hand, e.g. while profiling a running gateway:
 * {@code LoadMain --port 8080 [--key sk-...] [--model bench-model] [--c 16] [--seconds 20] [--stream]}.
 */
public final class LoadMain {

    private LoadMain() {
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        int port = a.integer("--port", 8080);
        String body = "{\"model\":\"" + a.string("--model", BenchRun.BENCH_MODEL) + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a terse assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello to the benchmark in one short sentence.\"}],"
                + "\"max_tokens\":64,\"temperature\":0.7" + (a.flag("--stream") ? ",\"stream\":true}" : "}");
        LoadDriver.Target target = new LoadDriver.Target("manual", port,
                BenchRun.request(port, body, a.string("--key", null)));
        LoadDriver.StreamCheck check = a.flag("--stream") ? new LoadDriver.StreamCheck(a.integer("--chunks", 20),
                1_000_000) : null;
        LoadDriver.Outcome o = LoadDriver.closedLoop(target, a.integer("--c", 16), 0, a.decimal("--seconds", 20),
                check);
        System.out.printf("%.0f req/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms, errors %d, reconnects %d%n",
                o.perSecond(), o.latency.getValueAtPercentile(50) / 1e6, o.latency.getValueAtPercentile(99) / 1e6,
                o.latency.getMaxValue() / 1e6, o.errors, o.reconnects);
    }
}
