package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side run: the stub called directly and the same requests through the Switchboard distribution,
 * row by row (direct, then gateway, for every row of every round), plus start-up time, CPU, memory and the
 * heap with 100 configured provider instances. Writes {@code latest.md} and {@code latest.json}.
 *
 * <p>{@code BenchRun --dist <unpacked distribution> [--quick] [--out dir] [--profile]}; without {@code --dist}
 * only the direct rows run (useful to check the driver and the stub).
 */
public final class BenchRun {

    static final String ADMIN_KEY = "sk-sb-bench-5e1f0c9a7d3b46e2a8c1f09d6b7e4a21";
    static final String BENCH_MODEL = "bench-model";
    static final String BENCH_EMBED_MODEL = "bench-embed";
    /** a typical embeddings request: one sentence; the answer is one 1536-float vector */
    static final String EMBED_BODY = "{\"model\":\"" + BENCH_EMBED_MODEL + "\",\"input\":\"The quick brown fox "
            + "jumps over the lazy dog, twice.\",\"encoding_format\":\"float\"}";
    /** the same as the official OpenAI SDKs send it: they ask for base64 unless told otherwise, and decode it */
    static final String EMBED_BODY_BASE64 = EMBED_BODY.replace("\"float\"", "\"base64\"");
    static final int BULK_INSTANCES = 100;
    /** target name of the rows measured through the gateway's own upstream client (see UpstreamClientFloor) */
    static final String UPSTREAM_CLIENT = "upstream client";

    /** SCRAPE: {@code GET /metrics} with the admin key, through the gateway only (the stub has no metrics) */
    private enum Kind { CLOSED, OPEN, STREAM, SCRAPE, EMBED, EMBED_BASE64 }

    /** the upstream a row calls: the bare Jetty stub, or the Node.js mock (a realistic, slower upstream) */
    private enum Upstream { STUB, NODE }

    private record RowSpec(String name, Kind kind, int concurrency, Upstream upstream) {
        RowSpec(String name, Kind kind, int concurrency) {
            this(name, kind, concurrency, Upstream.STUB);
        }
    }

    /** one upstream reached three ways: directly, through nginx (null when absent), through the gateway (null without --dist) */
    private record Via(LoadDriver.Target direct, LoadDriver.Target directStream, LoadDriver.Target proxy,
            LoadDriver.Target proxyStream, LoadDriver.Target gateway, LoadDriver.Target gatewayStream, long upstreamPid) {
    }

    /** target name of the rows through nginx */
    static final String PROXY = "nginx";
    /** model of the gateway's instance that points at the Node.js upstream */
    static final String NODE_MODEL = "bench-node";
    /** prefix of the stack-probe rows (see {@link #stackProbeRows}) */
    static final String STACK_PROBE = "stack probe ";
    /** suffix of the rows against the Node.js upstream */
    static final String NODE_ROW = " (node upstream)";

    private record Settings(boolean quick, double initialWarmup, double warmup, double measure, int rounds,
            int chunks, double gapMillis, double streamWarmup, double streamMeasure, int openConnections,
            double timelineSeconds, double timelineWindow) {
    }

    private final Settings settings;
    private final String model;
    private final String chatBody;
    private final String streamBody;
    private final Path out;
    private final Path work;
    private final Path dist;
    private final boolean profile;
    private final Path nginxBinary;
    private final String nodeBinary;
    private final Path nodeScript;
    /** --cold-start: only the gateway's start-up figures (ready, cold-start curve, warm c=16, one restart) */
    private boolean coldStartOnly;
    /** restarts measured for the ready time: 1 in quick mode, 3 in a full run, or --restarts */
    private int restartCount;
    private ReverseProxy nginx;
    private NodeUpstream node;
    /** the stack-probe proxies (Jetty 9.4 and Jetty 12 pass-through), when on; see {@link #stackProbeRows} */
    private final List<StackProbe> probes = new ArrayList<>();
    /** --no-stack-probe turns the stack-probe rows off; --only stack-probe runs nothing else */
    private boolean stackProbeOn = true;
    private boolean onlyStackProbe;
    /** bench/jetty12-probe/target (its jar and lib/), given by bench/run.sh when it built the probe */
    private Path jetty12Probe;
    private final List<Map<String, Object>> coldStart = new ArrayList<>();
    private final Map<String, Object> resources = new LinkedHashMap<>();
    private final Map<String, List<Measurement>> rounds = new LinkedHashMap<>();
    /** the pipeline-stage rows (target = stage name), apart from the side-by-side rows */
    private final Map<String, List<Measurement>> stageRounds = new LinkedHashMap<>();
    /** plugin bundles stopped right now for a stage; the ledger queue shrunk right now */
    private java.util.Set<String> stoppedBundles = new java.util.LinkedHashSet<>();
    private boolean ledgerOff;
    /** false with --no-stages, or once the console could not be reached (then only stages without removals run) */
    private boolean stagesOn = true;
    private boolean consoleWorks = true;
    private boolean allStages;
    /** the hot-deploy rows: c=16 before the 100 instances, and after they are live and 30 s of load */
    private final List<Measurement> hotDeploy = new ArrayList<>();
    private final List<Map<String, Object>> hotDeployTimeline = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Process stub;
    private int stubPort;
    private GatewayProcess gateway;
    private double openRate;

    private BenchRun(Settings settings, Path out, Path work, Path dist, boolean profile, String model,
            Path nginxBinary, String nodeBinary, Path nodeScript) {
        this.settings = settings;
        this.nginxBinary = nginxBinary;
        this.nodeBinary = nodeBinary;
        this.nodeScript = nodeScript;
        this.model = model;
        this.chatBody = chatBody(model, false);
        this.streamBody = chatBody(model, true);
        this.out = out;
        this.work = work;
        this.dist = dist;
        this.profile = profile;
    }

    /** a typical small chat request; temperature > 0 so the cache policy skips it (no hits, no stores) */
    static String chatBody(String model, boolean stream) {
        return "{\"model\":\"" + model + "\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are a terse assistant.\"},"
                + "{\"role\":\"user\",\"content\":\"Say hello to the benchmark in one short sentence.\"}],"
                + "\"max_tokens\":64,\"temperature\":0.7" + (stream ? ",\"stream\":true}" : "}");
    }

    /** the same request with temperature 0: the cache policy admits it, so all but the first are memory-cache hits */
    static String cacheableChatBody(String model) {
        return chatBody(model, false).replace("\"temperature\":0.7", "\"temperature\":0");
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        boolean quick = a.flag("--quick");
        Settings s = quick
                ? new Settings(true, 2, 1, 2, 1, 10, 5, 0.5, 2, 64, 20, 2)
                : new Settings(false, 15, 5, 10, 3, 20, 5, 1, 8, 64, 30, 1);
        // overrides for experiments; the committed results use the defaults above
        s = new Settings(s.quick(), a.decimal("--initial-warmup", s.initialWarmup()), a.decimal("--warmup", s.warmup()),
                a.decimal("--measure", s.measure()), a.integer("--rounds", s.rounds()), a.integer("--chunks", s.chunks()),
                a.decimal("--gap-ms", s.gapMillis()), s.streamWarmup(), a.decimal("--stream-measure", s.streamMeasure()),
                s.openConnections(), a.decimal("--timeline", s.timelineSeconds()),
                a.decimal("--timeline-window", s.timelineWindow()));
        Path out = Path.of(a.string("--out", quick ? "bench/target/results-quick" : "bench/results"));
        Path work = Path.of(a.string("--work", "bench/target"));
        String dist = a.string("--dist", null);
        // --model: route to another model through the gateway (e.g. mock-lorem, to try the harness without the stub)
        // a full run profiles the gateway too; a quick one only when asked
        BenchRun run = new BenchRun(s, out, work, dist == null ? null : Path.of(dist), a.flag("--profile") || !quick,
                a.string("--model", BENCH_MODEL), Optional.ofNullable(a.string("--nginx", null)).map(Path::of).orElse(null),
                a.string("--node", null), Path.of(a.string("--node-script", "bench/node/upstream-mock.js")));
        run.coldStartOnly = a.flag("--cold-start");
        run.restartCount = a.integer("--restarts", quick ? 1 : 3);
        run.stagesOn = !a.flag("--no-stages");
        // --only stack-probe: the stack-probe rows alone (direct, nginx, the Jetty 9.4 and Jetty 12 probes), no gateway
        String only = a.string("--only", null);
        if (only != null && !only.equals("stack-probe")) {
            throw new IllegalArgumentException("--only takes stack-probe");
        }
        run.onlyStackProbe = only != null;
        run.stackProbeOn = run.onlyStackProbe || !a.flag("--no-stack-probe");
        run.jetty12Probe = Optional.ofNullable(a.string("--jetty12-probe", null)).map(Path::of).orElse(null);
        // why there is no Jetty 12 probe (set by bench/run.sh when its build failed)
        Optional.ofNullable(a.string("--jetty12-probe-note", null)).ifPresent(run.notes::add);
        // --all-stages: a quick run with every stage of a full one (to check them, e.g. after a change of the store)
        run.allStages = a.flag("--all-stages");
        // why there is no nginx row (set by bench/run.sh when it could neither find nor fetch nginx)
        Optional.ofNullable(a.string("--nginx-note", null)).ifPresent(run.notes::add);
        int status = 0;
        try {
            run.run();
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            run.shutdown();
        }
        System.exit(status);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Files.createDirectories(work);
        long started = System.nanoTime();
        startStub();
        if (!coldStartOnly) {
            if (!onlyStackProbe) {
                startNode();
            }
            startNginx();
            if (stackProbeOn) {
                startProbes();
            }
        }
        if (dist != null && !onlyStackProbe) {
            startGateway();
        }
        Via stubVia = via(stubPort, stub.pid(), model, 0);
        Via nodeVia = node == null ? null : via(node.port(), node.pid(), NODE_MODEL, 1);
        LoadDriver.Target directEmbed = new LoadDriver.Target("direct", stubPort,
                request(stubPort, "/v1/embeddings", EMBED_BODY, null));
        LoadDriver.Target directEmbed64 = new LoadDriver.Target("direct", stubPort,
                request(stubPort, "/v1/embeddings", EMBED_BODY_BASE64, null));
        LoadDriver.Target scrape = null;
        LoadDriver.Target viaGatewayEmbed = null;
        LoadDriver.Target viaGatewayEmbed64 = null;
        if (gateway != null) {
            int port = gateway.httpPort();
            scrape = new LoadDriver.Target("gateway", port, scrapeRequest(port, ADMIN_KEY));
            viaGatewayEmbed = new LoadDriver.Target("gateway", port,
                    request(port, "/v1/embeddings", EMBED_BODY, ADMIN_KEY));
            viaGatewayEmbed64 = new LoadDriver.Target("gateway", port,
                    request(port, "/v1/embeddings", EMBED_BODY_BASE64, ADMIN_KEY));
            // from the moment /health says ready, before anything else warms the gateway
            coldStartTimeline(stubVia.gateway());
            resources.put("routable_after_ready_ms", gateway.awaitModels(List.of(model, BENCH_EMBED_MODEL),
                    Duration.ofSeconds(60)));
            smoke();
            memory("idle");
        }

        log("warming up (%.0f s each)", settings.initialWarmup());
        for (Via v : nodeVia == null ? List.of(stubVia) : List.of(stubVia, nodeVia)) {
            for (LoadDriver.Target t : new LoadDriver.Target[] {v.direct(), v.proxy(), v.gateway()}) {
                if (t != null) {
                    LoadDriver.closedLoop(t, 16, 0, settings.initialWarmup(), null);
                }
            }
        }
        if (stubVia.gateway() != null) {
            LoadDriver.closedLoop(stubVia.gatewayStream(), 4, 0, 1, streamCheck());
        }
        for (StackProbe p : probes) {
            LoadDriver.closedLoop(probeTarget(p, chatBody), 16, 0, settings.initialWarmup(), null);
            LoadDriver.closedLoop(probeTarget(p, streamBody), 4, 0, 1, streamCheck());
        }

        List<RowSpec> rows = List.of(
                new RowSpec("closed c=1", Kind.CLOSED, 1),
                new RowSpec("closed c=16", Kind.CLOSED, 16),
                new RowSpec("closed c=64", Kind.CLOSED, 64),
                new RowSpec("open-loop", Kind.OPEN, settings.openConnections()),
                new RowSpec("stream c=1", Kind.STREAM, 1),
                new RowSpec("stream c=16", Kind.STREAM, 16),
                new RowSpec("metrics scrape c=1", Kind.SCRAPE, 1),
                new RowSpec("embeddings c=16", Kind.EMBED, 16),
                new RowSpec("embeddings c=16 (base64, as the SDKs ask)", Kind.EMBED_BASE64, 16),
                new RowSpec("closed c=1" + NODE_ROW, Kind.CLOSED, 1, Upstream.NODE),
                new RowSpec("closed c=16" + NODE_ROW, Kind.CLOSED, 16, Upstream.NODE),
                new RowSpec("stream c=16" + NODE_ROW, Kind.STREAM, 16, Upstream.NODE));
        if (coldStartOnly) {
            rows = List.of(new RowSpec("closed c=16", Kind.CLOSED, 16));
        }
        if (onlyStackProbe) {
            rows = List.of();
        }
        for (int round = 1; round <= settings.rounds(); round++) {
            for (RowSpec row : rows) {
                Via v = row.upstream() == Upstream.NODE ? nodeVia : stubVia;
                if (v == null) {
                    continue;
                }
                if (row.kind() == Kind.SCRAPE) {
                    if (scrape != null) {
                        measure(round, row, scrape, scrape, v.upstreamPid());
                    }
                    continue;
                }
                if (row.kind() == Kind.EMBED || row.kind() == Kind.EMBED_BASE64) {
                    boolean base64 = row.kind() == Kind.EMBED_BASE64;
                    LoadDriver.Target direct = base64 ? directEmbed64 : directEmbed;
                    LoadDriver.Target viaGateway = base64 ? viaGatewayEmbed64 : viaGatewayEmbed;
                    if (embeddingsServed) {
                        measure(round, row, direct, direct, v.upstreamPid());
                        if (viaGateway != null) {
                            measure(round, row, viaGateway, viaGateway, v.upstreamPid());
                        }
                    }
                    continue;
                }
                if (row.kind() == Kind.OPEN && openRate == 0) {
                    openRate = chooseOpenRate();
                }
                measure(round, row, v.direct(), v.directStream(), v.upstreamPid());
                if (v.proxy() != null) {
                    measure(round, row, v.proxy(), v.proxyStream(), v.upstreamPid());
                }
                if (v.gateway() != null) {
                    measure(round, row, v.gateway(), v.gatewayStream(), v.upstreamPid());
                }
                if (row.kind() == Kind.CLOSED && row.upstream() == Upstream.STUB && !coldStartOnly) {
                    measureUpstreamClient(round, row);
                }
            }
            if (!probes.isEmpty()) {
                stackProbeRows(round, stubVia);
            }
            if (gateway != null && stagesOn && !coldStartOnly) {
                pipelineStages(round);
            }
        }
        if (gateway != null) {
            memory("after_load");
            if (profile && !coldStartOnly) {
                profile(stubVia.gateway());
            }
            // launch to ready with the bundle cache in place: 3 restarts in a full run, 1 in the quick one
            restarts(restartCount);
            if (!coldStartOnly) {
                bulkInstances(stubVia.gateway());
            }
        }
        resources.put("bench_seconds", Measurement.round((System.nanoTime() - started) / 1e9, 1));
        write();
    }

    /** the targets of one upstream: directly, through nginx (when it runs) and through the gateway (when it runs) */
    private Via via(int upstreamPort, long upstreamPid, String gatewayModel, int proxyIndex) {
        LoadDriver.Target direct = new LoadDriver.Target("direct", upstreamPort, request(upstreamPort, chatBody, null));
        LoadDriver.Target directStream = new LoadDriver.Target("direct", upstreamPort,
                request(upstreamPort, streamBody, null));
        LoadDriver.Target proxy = null;
        LoadDriver.Target proxyStream = null;
        if (nginx != null) {
            int port = nginx.port(proxyIndex);
            proxy = new LoadDriver.Target(PROXY, port, request(port, chatBody, null));
            proxyStream = new LoadDriver.Target(PROXY, port, request(port, streamBody, null));
        }
        LoadDriver.Target viaGateway = null;
        LoadDriver.Target viaGatewayStream = null;
        if (gateway != null) {
            int port = gateway.httpPort();
            viaGateway = new LoadDriver.Target("gateway", port, request(port, chatBody(gatewayModel, false), ADMIN_KEY));
            viaGatewayStream = new LoadDriver.Target("gateway", port,
                    request(port, chatBody(gatewayModel, true), ADMIN_KEY));
        }
        return new Via(direct, directStream, proxy, proxyStream, viaGateway, viaGatewayStream, upstreamPid);
    }

    /**
     * Throughput over time of a cold gateway: closed loop at c=16 from the moment {@code /health} said ready, req/s
     * per window; compared (in {@link #write}) with the warm c=16 row measured later in the run.
     */
    private void coldStartTimeline(LoadDriver.Target viaGateway) throws IOException {
        double window = settings.timelineWindow();
        LoadDriver.Outcome o = LoadDriver.timeline(viaGateway, 16, settings.timelineSeconds(), window);
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < o.windowCompleted.length; i++) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("from_s", Measurement.round(i * window, 1));
            w.put("req_per_s", Measurement.round(o.windowCompleted[i] / window, 1));
            w.put("errors", o.windowErrors[i]);
            coldStart.add(w);
            line.append(String.format(" %.0f", o.windowCompleted[i] / window));
        }
        log("cold start, c=16 from ready, req/s per %.0f s:%s%s", window, line,
                o.errorStatuses.isEmpty() ? "" : "; errors by status " + o.errorStatuses);
        if (!o.errorStatuses.isEmpty()) {
            resources.put("cold_start_errors_by_status", o.errorStatuses.toString());
        }
    }

    private double chooseOpenRate() {
        // half of what the gateway sustained closed-loop at c=16 (or of direct when there is no gateway):
        // a load both targets carry, so the percentiles compare service times, not queues
        String target = gateway != null ? "gateway" : "direct";
        Measurement c16 = rounds.get("closed c=16|" + target).get(0);
        double rate = Math.max(100, Math.floor(c16.get("req_per_s") / 2 / 100) * 100);
        log("open-loop rate: %.0f req/s", rate);
        return rate;
    }

    private void measure(int round, RowSpec row, LoadDriver.Target plain, LoadDriver.Target streaming,
            long upstreamPid) throws IOException, InterruptedException {
        measure(round, row, plain, streaming, upstreamPid, rounds, plain.name());
    }

    /** one row against one target, kept in {@code into} under {@code label} (the target's name in the report) */
    private void measure(int round, RowSpec row, LoadDriver.Target plain, LoadDriver.Target streaming,
            long upstreamPid, Map<String, List<Measurement>> into, String label)
            throws IOException, InterruptedException {
        boolean stream = row.kind() == Kind.STREAM;
        double warmup = stream ? settings.streamWarmup() : settings.warmup();
        double measure = stream ? settings.streamMeasure() : settings.measure();
        // the CPU of what sits in the middle: the gateway, or nginx's master and workers ("gateway" columns)
        java.util.function.LongSupplier middle = null;
        java.util.Set<Long> measured = new java.util.HashSet<>(List.of(upstreamPid, ProcessHandle.current().pid()));
        if ("gateway".equals(plain.name())) {
            long pid = gateway.pid();
            middle = () -> ProcessStats.cpuNanos(pid);
            measured.add(pid);
        } else if (PROXY.equals(plain.name())) {
            middle = nginx::cpuNanos;
            measured.add(nginx.pid());
            nginx.workerPids().forEach(measured::add);
        } else {
            for (StackProbe p : probes) {
                if (p.name().equals(plain.name())) {
                    middle = p::cpuNanos;
                    measured.add(p.pid());
                }
            }
        }
        LoadDriver.Outcome o;
        CpuWindow.Cpu cpu;
        try (CpuWindow window = new CpuWindow(middle, upstreamPid, java.util.Set.copyOf(measured), warmup, measure)) {
            o = switch (row.kind()) {
                case CLOSED, SCRAPE, EMBED, EMBED_BASE64 -> LoadDriver.closedLoop(plain, row.concurrency(), warmup, measure, null);
                case OPEN -> LoadDriver.openLoop(plain, openRate, row.concurrency(), warmup, measure);
                case STREAM -> LoadDriver.closedLoop(streaming, row.concurrency(), warmup, measure, streamCheck());
            };
            cpu = window.result();
        }
        Measurement m = Measurement.of(row.name(), label, o, cpu);
        if (middle == null) {
            m.values.remove("gateway_cpu_pct");
            m.values.remove("gateway_cpu_us_per_req");
        }
        into.computeIfAbsent(row.name() + "|" + label, k -> new ArrayList<>()).add(m);
        log("round %d %-28s %-8s %9.0f req/s  p50 %.3f  p99 %.3f  max %.3f ms  errors %.0f  reconnects %.0f  "
                        + "cpu gw %s%% other processes %s%% steal %s%%%s", round, row.name(),
                label, m.get("req_per_s"), m.get("p50_ms"), m.get("p99_ms"), m.get("max_ms"),
                m.get("errors"), m.get("reconnects"), m.get("gateway_cpu_pct"), m.get("other_processes_cpu_pct"), m.get("steal_pct"), stream ? String.format("  ttfb p50 %.3f ms  short gaps %.0f/%.0f",
                        m.get("ttfb_p50_ms"), m.get("short_gaps"), m.get("gaps")) : "");
    }

    /**
     * The stack-probe rows of one round: the same requests directly, through nginx and through each stack-probe
     * proxy (a minimal pass-through on Jetty 9.4 as the distribution ships it, and on Jetty 12.1 with one shared pool),
     * each proxy's CPU in the "gateway/nginx CPU" columns: what each HTTP stack costs at best for the gateway's two
     * legs. Closed c=1/16/64 and stream c=16 in a full run; closed c=16 and stream c=16 in a quick one (~30 s).
     */
    private void stackProbeRows(int round, Via stubVia) throws IOException, InterruptedException {
        List<RowSpec> rows = settings.quick() && !onlyStackProbe
                ? List.of(new RowSpec(STACK_PROBE + "closed c=16", Kind.CLOSED, 16),
                        new RowSpec(STACK_PROBE + "stream c=16", Kind.STREAM, 16))
                : List.of(new RowSpec(STACK_PROBE + "closed c=1", Kind.CLOSED, 1),
                        new RowSpec(STACK_PROBE + "closed c=16", Kind.CLOSED, 16),
                        new RowSpec(STACK_PROBE + "closed c=64", Kind.CLOSED, 64),
                        new RowSpec(STACK_PROBE + "stream c=16", Kind.STREAM, 16));
        for (RowSpec row : rows) {
            measure(round, row, stubVia.direct(), stubVia.directStream(), stub.pid());
            if (stubVia.proxy() != null) {
                measure(round, row, stubVia.proxy(), stubVia.proxyStream(), stub.pid());
            }
            for (StackProbe p : probes) {
                measure(round, row, probeTarget(p, chatBody), probeTarget(p, streamBody), stub.pid());
            }
        }
    }

    private static LoadDriver.Target probeTarget(StackProbe p, String body) {
        return new LoadDriver.Target(p.name(), p.port(), request(p.port(), body, null));
    }

    /** the same row through the gateway's own upstream client, in this JVM: the floor under the gateway */
    private void measureUpstreamClient(int round, RowSpec row) throws Exception {
        LoadDriver.Outcome o;
        CpuWindow.Cpu cpu;
        try (CpuWindow window = new CpuWindow(-1, stub.pid(), settings.warmup(), settings.measure())) {
            o = UpstreamClientFloor.closedLoop(stubPort, chatBody, row.concurrency(), settings.warmup(),
                    settings.measure());
            cpu = window.result();
        }
        Measurement m = Measurement.of(row.name(), UPSTREAM_CLIENT, o, cpu);
        m.values.remove("gateway_cpu_pct");
        m.values.remove("gateway_cpu_us_per_req");
        rounds.computeIfAbsent(row.name() + "|" + UPSTREAM_CLIENT, k -> new ArrayList<>()).add(m);
        log("round %d %-28s %-8s %9.0f req/s  p50 %.3f  p99 %.3f  max %.3f ms  errors %.0f", round, row.name(),
                UPSTREAM_CLIENT, m.get("req_per_s"), m.get("p50_ms"), m.get("p99_ms"), m.get("max_ms"),
                m.get("errors"));
    }

    /**
     * The pipeline-stage rows of one round: closed c=16 (and c=1 in a full run) through the gateway with the shipped
     * pipeline, with a cache hit, and with one plugin removed at a time ({@link PipelineStages}); the gateway is put
     * back to the shipped pipeline at the end, whatever happened.
     */
    private void pipelineStages(int round) throws Exception {
        int port = gateway.httpPort();
        LoadDriver.Target plain = new LoadDriver.Target("gateway", port, request(port, chatBody, ADMIN_KEY));
        LoadDriver.Target cacheable = new LoadDriver.Target("gateway", port,
                request(port, cacheableChatBody(model), ADMIN_KEY));
        int[] concurrencies = settings.quick() ? new int[] {16} : new int[] {16, 1};
        try {
            for (PipelineStages.Stage stage : PipelineStages.stages(settings.quick() && !allStages)) {
                if (!enter(stage)) {
                    continue;
                }
                if (stage.cacheHit() && round == 1) {
                    checkCacheHit();
                }
                for (int c : concurrencies) {
                    measure(round, new RowSpec("pipeline c=" + c, Kind.CLOSED, c), stage.cacheHit() ? cacheable : plain,
                            null, stub.pid(), stageRounds, stage.name());
                }
            }
        } finally {
            enter(PipelineStages.SHIPPED_STAGE);
        }
    }

    /** Takes the gateway to {@code stage}'s pipeline; false when it cannot (no console): the stage is skipped. */
    private boolean enter(PipelineStages.Stage stage) throws IOException, InterruptedException {
        String commands = PipelineStages.transition(stoppedBundles, stage);
        if (!commands.isEmpty()) {
            if (!consoleWorks) {
                return false;
            }
            try {
                // the listing in the same call proves the change: a stopped bundle is Resolved, a started one Active
                String out = gateway.console(commands + "; bundle:list -s -t 0", work.resolve("karaf-client"));
                stoppedBundles = PipelineStages.stoppedAfter(stage);
                String wrong = PipelineStages.unexpectedStates(out, stage);
                if (!wrong.isEmpty()) {
                    throw new IOException("bundles not in the stage's state after '" + commands + "': " + wrong);
                }
            } catch (IOException e) {
                consoleWorks = false;
                notes.add("Pipeline stages with a plugin removed are missing: the Karaf console (bin/client) failed: "
                        + e.getMessage());
                log("console failed, stages with a plugin removed are skipped: %s", e.getMessage());
                return false;
            }
        }
        if (stage.ledgerOff() != ledgerOff) {
            ledger(stage.ledgerOff());
        }
        awaitServing();
        return true;
    }

    /**
     * The store's ledger queue shrunk to {@link PipelineStages#LEDGER_QUEUE_OFF} (off) or as shipped (on), through
     * etc/ (file install re-creates the store); waits for the store to have restarted and the gateway to answer.
     */
    private void ledger(boolean off) throws IOException, InterruptedException {
        Path cfg = gateway.etc("dev.switchboard.store.cfg");
        if (off) {
            shippedStoreCfg = Files.readString(cfg);
            GatewayProcess.set(cfg, "ledger.queue.capacity", PipelineStages.LEDGER_QUEUE_OFF);
        } else if (shippedStoreCfg != null) {
            Files.writeString(cfg, shippedStoreCfg);
        }
        ledgerOff = off;
        long closedBefore = gateway.logCount("Store closed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (gateway.logCount("Store closed") <= closedBefore && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        if (gateway.logCount("Store closed") <= closedBefore) {
            notes.add("The store did not log a restart within 30 s of the ledger setting (" + (off ? "off" : "back on")
                    + "): the '- ledger writes' row may not be what it says.");
        }
    }

    /** the text of etc/dev.switchboard.store.cfg before the ledger stage changed it */
    private String shippedStoreCfg;

    /** until a chat request through the gateway answers 200 again (after a bundle or the store restarted), 30 s at most */
    private void awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> r = null;
        while (System.nanoTime() < deadline) {
            r = gateway.post("/v1/chat/completions", chatBody);
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IOException("gateway does not answer after a pipeline change: " + (r == null ? "?" : r.statusCode()
                + " " + r.body()));
    }

    /** the cache-hit stage's request must really be answered from the memory cache */
    private void checkCacheHit() throws IOException, InterruptedException {
        String body = cacheableChatBody(model);
        gateway.post("/v1/chat/completions", body);
        HttpResponse<String> r = gateway.post("/v1/chat/completions", body);
        String status = r.headers().firstValue("x-switchboard-cache").orElse("none");
        if (r.statusCode() != 200 || !status.equals("hit-l1")) {
            notes.add("The `cache hit` stage's request was not answered from the memory cache (status " + r.statusCode()
                    + ", x-switchboard-cache: " + status + "): that row measures something else.");
        }
    }

    private LoadDriver.StreamCheck streamCheck() {
        return new LoadDriver.StreamCheck(settings.chunks(), (long) (settings.gapMillis() * 1e6 / 2));
    }

    // ---- processes

    private void startStub() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        stub = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                UpstreamStub.class.getName(), "--port", "0", "--chunks", Integer.toString(settings.chunks()),
                "--gap-ms", Double.toString(settings.gapMillis()))
                .redirectError(work.resolve("stub.log").toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
        String line = lines.readLine();
        if (line == null || !line.startsWith("listening ")) {
            throw new IOException("stub did not start: " + line + ", see " + work.resolve("stub.log"));
        }
        stubPort = Integer.parseInt(line.substring("listening ".length()).trim());
        log("stub on 127.0.0.1:%d (pid %d), %d chunks %.1f ms apart when streaming", stubPort, stub.pid(),
                settings.chunks(), settings.gapMillis());
    }

    /** The stack-probe proxies in front of the stub; a probe that cannot start is noted and its rows skipped. */
    private void startProbes() {
        try {
            StackProbe p = StackProbe.jetty9(stubPort, work.resolve("jetty9-proxy.log"));
            probes.add(p);
            log("%s (pid %d) on 127.0.0.1:%d in front of the stub", p.name(), p.pid(), p.port());
        } catch (IOException e) {
            notes.add("No " + StackProbe.JETTY9 + " rows: " + e.getMessage());
            log("no %s: %s", StackProbe.JETTY9, e.getMessage());
        }
        if (jetty12Probe == null) {
            if (notes.stream().noneMatch(n -> n.contains(StackProbe.JETTY12))) {
                notes.add("No " + StackProbe.JETTY12 + " rows: no --jetty12-probe given (bench/run.sh builds it).");
            }
            return;
        }
        try {
            StackProbe p = StackProbe.jetty12(jetty12Probe, stubPort, work.resolve("jetty12-proxy.log"));
            probes.add(p);
            log("%s (pid %d) on 127.0.0.1:%d in front of the stub", p.name(), p.pid(), p.port());
        } catch (IOException e) {
            notes.add("No " + StackProbe.JETTY12 + " rows: " + e.getMessage());
            log("no %s: %s", StackProbe.JETTY12, e.getMessage());
        }
    }

    /** False when the distribution under test has no {@code /v1/embeddings} (an older build). */
    private boolean embeddingsServed = true;

    private void startGateway() throws IOException, InterruptedException {
        gateway = new GatewayProcess(dist, freePort(), ADMIN_KEY, work);
        gateway.configure(stubPort, freePort(), freePort());
        if (node != null) {
            gateway.writeInstance("benchnode", node.port(), NODE_MODEL + "=0.15/0.60/128000");
        }
        long ready = gateway.start(Duration.ofSeconds(120));
        resources.put("ready_fresh_ms", ready);
        resources.put("ready_fresh_cpu_ms", gateway.readyCpuMillis());
        log("gateway (pid %d) on 127.0.0.1:%d ready %d ms after launch (first start, fresh data dir; %d ms of CPU)",
                gateway.pid(), gateway.httpPort(), ready, gateway.readyCpuMillis());
    }

    /** the Node.js upstream, when node is on the PATH (or given with --node) */
    private void startNode() {
        String binary = nodeBinary != null ? nodeBinary : "node";
        try {
            node = NodeUpstream.start(binary, nodeScript, settings.chunks(), settings.gapMillis(),
                    work.resolve("node-upstream.log"));
            log("node upstream on 127.0.0.1:%d (pid %d)", node.port(), node.pid());
        } catch (IOException e) {
            notes.add("No Node.js upstream rows: " + e.getMessage());
            log("no node upstream: %s", e.getMessage());
        }
    }

    /** nginx in front of the stub (and of the Node.js upstream), when bench/run.sh found or fetched it */
    private void startNginx() {
        if (nginxBinary == null) {
            log("no nginx: the reverse-proxy rows are skipped");
            return;
        }
        List<Integer> upstreams = node == null ? List.of(stubPort) : List.of(stubPort, node.port());
        try {
            nginx = ReverseProxy.start(nginxBinary, work.resolve("nginx"), upstreams);
            log("nginx (pid %d) on 127.0.0.1:%d in front of the stub", nginx.pid(), nginx.port(0));
        } catch (IOException | InterruptedException e) {
            notes.add("No reverse-proxy (nginx) rows: it did not start: " + e.getMessage());
            log("nginx did not start: %s", e.getMessage());
        }
    }

    /** one plain and one streaming request through the gateway, so a misconfiguration fails loudly first */
    private void smoke() throws IOException, InterruptedException {
        HttpResponse<String> r = gateway.post("/v1/chat/completions", chatBody);
        if (r.statusCode() != 200 || !r.body().contains("\"usage\"")) {
            throw new IOException("gateway smoke request failed: " + r.statusCode() + " " + r.body());
        }
        HttpResponse<String> e = gateway.post("/v1/embeddings", EMBED_BODY);
        if (e.statusCode() == 404) {
            // a distribution from before the endpoint existed (e.g. BENCH_TARBALL of an older build): no such row
            log("no /v1/embeddings in this distribution: the embeddings row is skipped");
            embeddingsServed = false;
        } else if (e.statusCode() != 200 || !e.body().contains("\"embedding\"")) {
            throw new IOException("gateway smoke embeddings failed: " + e.statusCode() + " " + e.body());
        }
        HttpResponse<String> s = gateway.post("/v1/chat/completions", streamBody);
        if (s.statusCode() != 200 || !s.body().contains("[DONE]")) {
            throw new IOException("gateway smoke stream failed: " + s.statusCode() + " " + s.body());
        }
    }

    private void memory(String when) throws InterruptedException {
        long pid = gateway.pid();
        Optional<ProcessStats.Heap> heap = ProcessStats.heapAfterFullGc(pid);
        Thread.sleep(200);
        long rss = ProcessStats.rssBytes(pid);
        heap.ifPresent(h -> {
            resources.put("heap_after_gc_mb_" + when, mb(h.usedBytes()));
            resources.put("heap_committed_mb_" + when, mb(h.committedBytes()));
            resources.put("metaspace_mb_" + when, mb(h.metaspaceUsedBytes()));
        });
        resources.put("rss_mb_" + when, mb(rss));
        log("memory %s: heap after GC %s MB, RSS %.1f MB", when,
                heap.map(h -> String.format("%.1f", mb(h.usedBytes()))).orElse("?"), mb(rss));
    }

    /** launch-to-ready of a restart (bundle cache in place), median of a few: one launch is a noisy sample */
    private void restarts(int n) throws Exception {
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            gateway.stop();
            times.add(gateway.start(Duration.ofSeconds(120)));
            cpu.add(gateway.readyCpuMillis());
            gateway.awaitModels(List.of(model), Duration.ofSeconds(60));
        }
        resources.put("ready_restart_ms_each", times.toString());
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(Long::compare);
        resources.put("ready_restart_ms", sorted.get(sorted.size() / 2));
        List<Long> cpuSorted = new ArrayList<>(cpu);
        cpuSorted.sort(Long::compare);
        resources.put("ready_restart_cpu_ms", cpuSorted.get(cpuSorted.size() / 2));
        log("restarts: ready after %s ms (%s ms of CPU)", times, cpu);
        smoke();
    }

    /**
     * 100 more openai instances (one model each), picked up live from etc/, then again after a restart. Around the
     * hot deploy, closed c=16 through the gateway on the bench model (one route either way): a measured row right
     * before, req/s and gateway CPU per window from the moment all 100 are routable, and the same measured row again
     * after that load. Settled = before: the dip right after the deploy is re-warming (the JIT's compilations in the
     * windows say how much); settled below before: a per-request cost that grows with the number of instances.
     */
    private void bulkInstances(LoadDriver.Target viaGateway) throws Exception {
        RowSpec before = new RowSpec("hot deploy c=16", Kind.CLOSED, 16);
        Map<String, List<Measurement>> rows = new LinkedHashMap<>();
        // the gateway was just restarted (ready times): warm it as long as the cold-start curve runs, so "before"
        // is a warm row like the others, not the start of a cold-start curve
        double warm = settings.quick() ? 4 : settings.timelineSeconds();
        log("warming the restarted gateway (%.0f s) before the hot deploy", warm);
        LoadDriver.closedLoop(viaGateway, 16, 0, warm, null);
        measure(1, before, viaGateway, null, stub.pid(), rows, "before the 100");
        long compilesBefore = compiles(gateway.pid());
        List<String> models = new ArrayList<>();
        for (int i = 1; i <= BULK_INSTANCES; i++) {
            String id = String.format("bulk%03d", i);
            String model = "bulk-model-" + String.format("%03d", i);
            gateway.writeInstance(id, stubPort, model + "=0.15/0.60/128000");
            models.add(model);
        }
        long live = gateway.awaitModels(models, Duration.ofSeconds(120));
        resources.put("instances_100_live_deploy_ms", live);
        log("%d instance files picked up live in %d ms", BULK_INSTANCES, live);
        long compilesLive = compiles(gateway.pid());
        hotDeployTimeline(viaGateway);
        long compilesAfterTimeline = compiles(gateway.pid());
        measure(1, before, viaGateway, null, stub.pid(), rows, "with the 100, after load");
        rows.values().forEach(r -> hotDeploy.add(r.get(0)));
        if (compilesBefore >= 0 && compilesLive >= 0 && compilesAfterTimeline >= 0) {
            resources.put("instances_100_jit_compiles_during_deploy", compilesLive - compilesBefore);
            resources.put("instances_100_jit_compiles_during_timeline", compilesAfterTimeline - compilesLive);
        }
        Measurement b = hotDeploy.get(0);
        Measurement a = hotDeploy.get(hotDeploy.size() - 1);
        resources.put("instances_100_c16_req_per_s", a.get("req_per_s"));
        resources.put("instances_100_c16_p50_ms", a.get("p50_ms"));
        resources.put("instances_100_settled_vs_before", Measurement.round(a.get("req_per_s") / b.get("req_per_s"), 3));
        memory("100_instances_after_load");

        gateway.stop();
        long ready = gateway.start(Duration.ofSeconds(120));
        long routable = gateway.awaitModels(models, Duration.ofSeconds(120));
        resources.put("ready_restart_100_instances_ms", ready);
        resources.put("routable_100_after_ready_ms", routable);
        log("restart with %d instances: ready %d ms, all routable %d ms later", BULK_INSTANCES + 1, ready, routable);
        smoke();
        memory("100_instances_restarted");
    }

    /**
     * Closed c=16 through the gateway from the moment the 100 instances are routable: req/s and gateway CPU µs per
     * request per window (2 s), over 30 s (6 s quick); the first 4 s and the last 10 s against the row before.
     */
    private void hotDeployTimeline(LoadDriver.Target viaGateway) throws Exception {
        double window = 2;
        double seconds = settings.quick() ? 6 : 30;
        int windows = (int) Math.ceil(seconds / window);
        long pid = gateway.pid();
        long[] cpu = new long[windows + 1];
        java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "hot-deploy-cpu");
                    t.setDaemon(true);
                    return t;
                });
        LoadDriver.Outcome o;
        try {
            for (int i = 0; i <= windows; i++) {
                int w = i;
                sampler.schedule(() -> cpu[w] = ProcessStats.cpuNanos(pid), (long) (i * window * 1000),
                        TimeUnit.MILLISECONDS);
            }
            o = LoadDriver.timeline(viaGateway, 16, seconds, window);
            Thread.sleep(100);
        } finally {
            sampler.shutdownNow();
        }
        double first = 0;
        double last = 0;
        int lastN = 0;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < o.windowCompleted.length; i++) {
            double rate = o.windowCompleted[i] / window;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from_s", Measurement.round(i * window, 1));
            row.put("req_per_s", Measurement.round(rate, 1));
            if (i + 1 < cpu.length && cpu[i] > 0 && cpu[i + 1] > 0 && o.windowCompleted[i] > 0) {
                row.put("gateway_cpu_us_per_req", Measurement.round((cpu[i + 1] - cpu[i]) / 1000.0
                        / o.windowCompleted[i], 1));
                row.put("gateway_cpu_pct", Measurement.round(100.0 * (cpu[i + 1] - cpu[i]) / (window * 1e9), 1));
            }
            row.put("errors", o.windowErrors[i]);
            hotDeployTimeline.add(row);
            line.append(String.format(" %.0f", rate));
            if (i < 2) {
                first += rate / 2;
            }
            if ((o.windowCompleted.length - i) * window <= 10.0 + 1e-9) {
                last += rate;
                lastN++;
            }
        }
        resources.put("instances_100_first_4s_req_per_s", Measurement.round(first, 1));
        resources.put("instances_100_last_10s_req_per_s", Measurement.round(lastN == 0 ? 0 : last / lastN, 1));
        log("hot deploy, c=16 from all 100 routable, req/s per %.0f s:%s", window, line);
    }

    /** the JIT's compilations so far ({@code sun.ci.totalCompiles} of {@code jcmd PerfCounter.print}), -1 if unknown */
    private static long compiles(long pid) {
        try {
            for (String l : ProcessStats.jcmd(pid, "PerfCounter.print")) {
                if (l.startsWith("sun.ci.totalCompiles=")) {
                    return Long.parseLong(l.substring(l.indexOf('=') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // no jcmd, or the counters are off (-XX:-UsePerfData)
        }
        return -1;
    }

    /**
     * CPU profile of the gateway under closed-loop load at c=16 (throughput) and c=1 (latency): async-profiler
     * (from Maven Central, attached with jcmd) when it loads, JFR otherwise.
     */
    private void profile(LoadDriver.Target viaGateway) throws Exception {
        StringBuilder report = new StringBuilder();
        double seconds = settings.quick() ? 3 : 20;
        for (int concurrency : new int[] {16, 1}) {
            String title = "closed loop c=" + concurrency + " through the gateway, " + (long) seconds + " s";
            Path recording = work.resolve("gateway-c" + concurrency).toAbsolutePath();
            Optional<Path> collapsed = AsyncProfiler.record(gateway.pid(), work,
                    recording.resolveSibling(recording.getFileName() + ".collapsed"),
                    () -> LoadDriver.closedLoop(viaGateway, concurrency, 0, seconds, null));
            if (collapsed.isPresent()) {
                report.append(ProfileReport.report(collapsed.get(), title)).append('\n');
            } else {
                Path jfr = recording.resolveSibling(recording.getFileName() + ".jfr");
                Files.deleteIfExists(jfr);
                ProcessStats.jcmd(gateway.pid(), "JFR.start", "name=bench", "settings=profile");
                LoadDriver.closedLoop(viaGateway, concurrency, 0, seconds, null);
                ProcessStats.jcmd(gateway.pid(), "JFR.stop", "name=bench", "filename=" + jfr);
                report.append(ProfileReport.report(jfr, title)).append('\n');
            }
        }
        Path file = out.resolve("profile.md");
        Files.writeString(file, report.toString());
        log("profile written to %s", file);
    }

    private void shutdown() {
        probes.forEach(StackProbe::close);
        if (nginx != null) {
            nginx.close();
        }
        if (node != null) {
            node.close();
        }
        try {
            if (gateway != null) {
                gateway.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stub != null) {
            stub.destroy();
            try {
                if (!stub.waitFor(10, TimeUnit.SECONDS)) {
                    stub.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- results

    private void write() throws IOException {
        List<Measurement> medians = new ArrayList<>();
        rounds.values().forEach(r -> medians.add(Measurement.median(r)));
        // "added": gateway - direct; "proxy added": nginx - direct; "gateway vs proxy": gateway - nginx
        List<Measurement> added = new ArrayList<>();
        for (Measurement m : medians) {
            if ("gateway".equals(m.target)) {
                difference(m, find(medians, m.row, "direct"), Targets.ADDED).ifPresent(added::add);
                difference(m, find(medians, m.row, PROXY), Targets.VS_PROXY).ifPresent(added::add);
            } else if (PROXY.equals(m.target)) {
                difference(m, find(medians, m.row, "direct"), Targets.PROXY_ADDED).ifPresent(added::add);
            } else if (StackProbe.JETTY9.equals(m.target) || StackProbe.JETTY12.equals(m.target)) {
                difference(m, find(medians, m.row, PROXY), Targets.vsProxy(m.target)).ifPresent(added::add);
            }
        }
        coldStartSummary(find(medians, "closed c=16", "gateway"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("machine", Machine.describe());
        json.put("settings", settingsJson());
        json.put("rows", medians.stream().map(Measurement::json).toList());
        json.put("gateway_minus_direct", added.stream().filter(a -> a.target.equals(Targets.ADDED))
                .map(Measurement::json).toList());
        json.put("proxy_minus_direct", added.stream().filter(a -> a.target.equals(Targets.PROXY_ADDED))
                .map(Measurement::json).toList());
        json.put("gateway_minus_proxy", added.stream().filter(a -> a.target.equals(Targets.VS_PROXY))
                .map(Measurement::json).toList());
        java.util.Set<String> probeDiffs = java.util.Set.of(Targets.vsProxy(StackProbe.JETTY9),
                Targets.vsProxy(StackProbe.JETTY12));
        json.put("stack_probe_minus_proxy", added.stream().filter(a -> probeDiffs.contains(a.target))
                .map(Measurement::json).toList());
        json.put("cold_start_timeline", coldStart);
        List<Measurement> stageMedians = new ArrayList<>();
        stageRounds.values().forEach(r -> stageMedians.add(Measurement.median(r)));
        List<Map<String, Object>> stages = PipelineStages.deltas(stageMedians,
                PipelineStages.stages(settings.quick() && !allStages));
        json.put("pipeline_stages", stages);
        json.put("pipeline_stages_not_removed", stages.isEmpty() ? List.of() : PipelineStages.NOT_REMOVED);
        json.put("hot_deploy", hotDeploy.stream().map(Measurement::json).toList());
        json.put("hot_deploy_timeline", hotDeployTimeline);
        json.put("resources", resources);
        List<Map<String, Object>> targets = Targets.evaluate(medians, added, resources);
        json.put("targets", targets);
        Map<String, Object> all = new LinkedHashMap<>();
        rounds.forEach((k, v) -> all.put(k, v.stream().map(Measurement::json).toList()));
        stageRounds.forEach((k, v) -> all.put(k, v.stream().map(Measurement::json).toList()));
        json.put("rounds", all);
        Files.writeString(out.resolve("latest.json"), JsonText.of(json));
        String md = MarkdownReport.render(json, medians, added, targets, notes, coldStart)
                + MarkdownReport.stages(stages, PipelineStages.NOT_REMOVED)
                + MarkdownReport.hotDeploy(hotDeploy, hotDeployTimeline, resources);
        Files.writeString(out.resolve("latest.md"), md);
        System.out.println();
        System.out.println(md);
        log("results: %s, %s", out.resolve("latest.md"), out.resolve("latest.json"));
    }

    /** {@code m} minus {@code base} per latency number, and m's throughput as a multiple of base's */
    private static Optional<Measurement> difference(Measurement m, Measurement base, String name) {
        if (base == null) {
            return Optional.empty(); // a gateway-only row (metrics scrape) or no nginx: nothing to subtract
        }
        Measurement a = new Measurement(m.row, name);
        for (String k : List.of("p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "ttfb_p50_ms", "ttfb_p90_ms",
                "ttfb_p99_ms", "first_byte_p50_ms", "gap_p50_ms")) {
            if (m.get(k) != null && base.get(k) != null) {
                a.values.put("added_" + k, Measurement.round(m.get(k) - base.get(k), 3));
            }
        }
        a.values.put("throughput_ratio", Measurement.round(m.get("req_per_s") / base.get("req_per_s"), 3));
        return Optional.of(a);
    }

    /** the cold-start curve against the warm c=16 row: the share of steady state served in the first 10 s */
    private void coldStartSummary(Measurement warmC16) {
        if (coldStart.isEmpty()) {
            return;
        }
        double window = settings.timelineWindow();
        double first = 0;
        double last = 0;
        int firstN = 0;
        int lastN = 0;
        int n = coldStart.size();
        for (int i = 0; i < n; i++) {
            double rate = (Double) coldStart.get(i).get("req_per_s");
            if ((i + 1) * window <= 10.0 + 1e-9) {
                first += rate;
                firstN++;
            }
            if ((n - i) * window <= 10.0 + 1e-9) {
                last += rate;
                lastN++;
            }
        }
        double firstRate = firstN == 0 ? 0 : first / firstN;
        resources.put("cold_start_first_10s_req_per_s", Measurement.round(firstRate, 1));
        resources.put("cold_start_last_10s_req_per_s", Measurement.round(lastN == 0 ? 0 : last / lastN, 1));
        if (warmC16 != null) {
            double steady = warmC16.get("req_per_s");
            resources.put("cold_start_steady_c16_req_per_s", steady);
            resources.put("cold_start_first_10s_share_of_steady", Measurement.round(firstRate / steady, 3));
            resources.put("cold_start_seconds_to_80pct_of_steady", secondsToShare(coldStart, window, steady, 0.8));
        }
    }

    /**
     * When the curve first served {@code share} of {@code steady}: the end of its first window at or above it,
     * in seconds from ready; the curve's length plus one window when none got there (so "not within it" is a
     * number above any window's end, never a missing value that would read as met).
     */
    static double secondsToShare(List<Map<String, Object>> curve, double window, double steady, double share) {
        for (int i = 0; i < curve.size(); i++) {
            if ((Double) curve.get(i).get("req_per_s") >= share * steady) {
                return Measurement.round((i + 1) * window, 1);
            }
        }
        return Measurement.round((curve.size() + 1) * window, 1);
    }

    private Map<String, Object> settingsJson() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", settings.quick() ? "quick" : "full");
        s.put("rounds", settings.rounds());
        s.put("warmup_s", settings.warmup());
        s.put("measure_s", settings.measure());
        s.put("stream_measure_s", settings.streamMeasure());
        s.put("stream_chunks", settings.chunks());
        s.put("stream_gap_ms", settings.gapMillis());
        s.put("open_loop_rate_per_s", openRate);
        s.put("open_loop_connections", settings.openConnections());
        s.put("cold_start_timeline_s", settings.timelineSeconds());
        s.put("cold_start_window_s", settings.timelineWindow());
        s.put("nginx", nginx != null);
        s.put("node_upstream", node != null);
        s.put("stack_probe", probes.stream().map(StackProbe::name).toList());
        s.put("stack_probe_jvm_flags", StackProbe.JVM_FLAGS);
        s.put("request_bytes", chatBody.length());
        s.put("model", model);
        return s;
    }

    private static Measurement find(List<Measurement> ms, String row, String target) {
        return ms.stream().filter(m -> m.row.equals(row) && m.target.equals(target)).findFirst().orElse(null);
    }

    static byte[] request(int port, String body, String key) {
        return request(port, "/v1/chat/completions", body, key);
    }

    static byte[] request(int port, String path, String body, String key) {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Type: application/json\r\n"
                + "Accept: " + (body.contains("\"stream\":true") ? "text/event-stream" : "application/json") + "\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + json.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(json, 0, all, h.length, json.length);
        return all;
    }

    /** {@code GET /metrics}: what one Prometheus scrape costs the gateway (the registry read and the text). */
    static byte[] scrapeRequest(int port, String key) {
        return ("GET /metrics HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer " + key + "\r\n"
                + "Accept: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double mb(long bytes) {
        return bytes < 0 ? -1 : Measurement.round(bytes / 1048576.0, 1);
    }

    static void log(String format, Object... args) {
        System.out.println("[bench " + ZonedDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "] "
                + String.format(format, args));
    }
}
