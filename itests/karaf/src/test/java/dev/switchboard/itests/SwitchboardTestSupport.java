package dev.switchboard.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.api.ApiKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Rule;
import org.junit.rules.TestRule;
import org.junit.rules.Timeout;
import org.junit.runners.model.Statement;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Base of every in-container test: boots the built distribution (one Karaf per test class) on free ports,
 * offline, with a cluster of its own and a known admin key; waits until the gateway is ready; and offers
 * HTTP, shell and wait helpers. Everything here that runs inside Karaf reads its settings from system
 * properties, because the configuration below is computed in the driver JVM.
 */
public abstract class SwitchboardTestSupport {

    /** Registered by core from etc/dev.switchboard.auth.cfg; only hashed inside. */
    public static final String ADMIN_KEY = "sk-sb-itest-admin-7f3c1e9a2b4d6f80";

    protected static final String HTTP_PORT = "switchboard.it.http.port";
    protected static final String FIXTURE_JAR = "switchboard.it.fixture.jar";
    protected static final List<String> SWITCHBOARD_FEATURES = List.of("switchboard", "switchboard-api",
            "switchboard-grid", "switchboard-store", "switchboard-core", "switchboard-support", "switchboard-rest", "switchboard-shell",
            "switchboard-provider-mock", "switchboard-provider-openai", "switchboard-provider-anthropic",
            "switchboard-provider-openai-compatible",
            "switchboard-provider-azure-openai", "switchboard-provider-ollama", "switchboard-provider-http-template",
            "switchboard-provider-gemini", "switchboard-provider-bedrock", "switchboard-provider-sagemaker",
            "switchboard-cache-memory", "switchboard-cache-grid",
            "switchboard-quota-rpm", "switchboard-selection-round-robin", "switchboard-webhooks");

    protected static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The container's start is waited for as long as it makes progress (another feature installed): it fails
     * when nothing moved for {@code BOOT_STALLED} or after {@code BOOT_LIMIT} in all. A 2-core CI box installing
     * the boot features while other builds run took over 90 s once; a quiet machine moves on as soon as it is done.
     */
    private static final Duration BOOT_STALLED = Duration.ofSeconds(120);
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(10);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(180);
    /**
     * How long a change in the container (a bundle deployed, stopped or started, a configuration applied, a
     * record reaching the grid) may take to show on a busy CI box. Every wait polls, so it is a bound for a
     * failure, not a pause: a quiet machine moves on as soon as the change shows.
     */
    protected static final Duration SETTLE = Duration.ofSeconds(60);
    /**
     * Bounds of the background traffic a hot-deploy test runs while bundles come and go: it must outlast several
     * {@link #SETTLE} waits on a slow box and stays within the test's limit; the test closes it when it is done.
     */
    protected static final int TRAFFIC_REQUESTS = 2_400;
    protected static final Duration TRAFFIC_LIMIT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile boolean ready;

    /**
     * The gateway ready before each test, waited for once per container and outside the test's own time limit
     * (order 0 runs around the timeout below): a slow container start is not a slow test.
     */
    @Rule(order = 0)
    public final TestRule gatewayReady = (base, description) -> new Statement() {
        @Override
        public void evaluate() throws Throwable {
            awaitGateway();
            base.evaluate();
        }
    };

    /** No single test may hold the run (and CI) hostage; several {@link #SETTLE} waits fit in it. */
    @Rule(order = 1)
    public final Timeout timeout = Timeout.seconds(300);

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected FeaturesService featuresService;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] config() throws IOException {
        String localRepository = required("switchboard.it.local.repository");
        int httpPort = freePort();
        int gridPort = freePort();
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(new File(required("switchboard.it.distribution")).toURI().toString())
                    .name("Switchboard")
                    .karafVersion("4.4.10")
                    .unpackDirectory(new File(required("switchboard.it.work")))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevelOption.LogLevel.WARN),
            // the JDK access Hazelcast documents (bin/setenv does the same for bin/karaf)
            vmOptions("-Xmx384m", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                    "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED"),
            // offline: the container resolves mvn: URLs from its system/ folder and the local repository only
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            // ports and a cluster of its own, so parallel runs and a running server never meet
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                    String.valueOf(httpPort)),
            systemProperty(HTTP_PORT).value(String.valueOf(httpPort)),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
            editConfigurationFilePut("etc/dev.switchboard.grid.cfg", "cluster.name", "switchboard-it-" + UUID.randomUUID()),
            editConfigurationFilePut("etc/dev.switchboard.grid.cfg", "port", String.valueOf(gridPort)),
            editConfigurationFilePut("etc/dev.switchboard.grid.cfg", "members", "127.0.0.1:" + gridPort),
            editConfigurationFilePut("etc/dev.switchboard.auth.cfg", "admin.key", ADMIN_KEY),
            // the start-up warm-up is DistributionBootIT's to test; elsewhere it would add seconds to every start
            editConfigurationFilePut("etc/dev.switchboard.rest.cfg", "warmup.requests", "0"),
            // a real key must never be used by a test
            editConfigurationFilePut("etc/dev.switchboard.provider.openai.cfg", "enabled", "false"),
            editConfigurationFilePut("etc/dev.switchboard.provider.anthropic.cfg", "enabled", "false"),
            systemProperty(FIXTURE_JAR).value(required(FIXTURE_JAR)),
            // how long an injected service may take to appear (a bound, not a pause): the gateway's services
            // come with the boot features, which a busy CI box installs slowly
            systemProperty("pax.exam.service.timeout").value("300000"),
            mavenBundle(maven("org.assertj", "assertj-core").versionAsInProject()),
            mavenBundle(maven("net.bytebuddy", "byte-buddy", required("switchboard.it.byte-buddy.version"))),
        };
    }

    /** Once per container: boot features installed and the gateway ready (a provider serving a model). */
    private void awaitGateway() {
        if (ready) {
            return;
        }
        waitWhileProgressing("all Switchboard features installed", BOOT_STALLED, BOOT_LIMIT,
                () -> (int) SWITCHBOARD_FEATURES.stream().filter(this::featureInstalled).count(),
                SWITCHBOARD_FEATURES.size());
        waitFor("GET /health answering 200", HEALTH_TIMEOUT, () -> {
            try {
                return get("/health", null).statusCode() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        ready = true;
    }

    // ---- HTTP ----------------------------------------------------------------------------------------

    protected static String baseUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    protected static int httpPort() {
        return Integer.parseInt(required(HTTP_PORT));
    }

    protected static HttpResponse<String> get(String path, String apiKey) {
        return send(request(path, apiKey).GET().build());
    }

    protected static HttpResponse<String> postJson(String path, String apiKey, String json) {
        return send(request(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A chat request with one user message; {@code extra} is spliced into the JSON object (may be empty). */
    protected static HttpResponse<String> chat(String apiKey, String model, String message, String extra) {
        return postJson("/v1/chat/completions", apiKey, chatBody(model, message, extra));
    }

    protected static String chatBody(String model, String message, String extra) {
        String body = "{\"model\":" + quote(model) + ",\"messages\":[{\"role\":\"user\",\"content\":" + quote(message)
                + "}]";
        return body + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** The data lines of a streamed (SSE) answer, in order, without the {@code data: } prefix. */
    protected static List<String> sseData(HttpResponse<String> response) {
        return response.body().lines().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length()).trim()).collect(Collectors.toList());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return json(response.body());
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    protected static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static HttpRequest.Builder request(String path, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    // ---- keys and configuration ------------------------------------------------------------------------

    /** A new virtual key from core's key ring: {@code [id, secret]}. */
    protected String[] createKey(ApiKeys keys, String name) {
        ApiKeys.IssuedKey issued = keys.create(name, "default", false);
        return new String[] {issued.info().id(), issued.secret()};
    }

    /**
     * A tenant for keys of its own (a key may only name a tenant that exists), made through core's directory
     * service if it is not there yet.
     */
    protected void ensureTenant(String id) {
        org.osgi.framework.ServiceReference<dev.switchboard.core.api.Directory> reference =
                bundleContext.getServiceReference(dev.switchboard.core.api.Directory.class);
        if (reference == null) {
            throw new IllegalStateException("no directory service");
        }
        dev.switchboard.core.api.Directory directory = bundleContext.getService(reference);
        try {
            if (directory.tenant(id).isEmpty()) {
                directory.putTenant(id, id, Map.of());
            }
        } finally {
            bundleContext.ungetService(reference);
        }
    }

    /** Adds or replaces properties of a configuration (the component behind it restarts with them). */
    protected void configure(ConfigurationAdmin configAdmin, String pid, Map<String, Object> properties) {
        try {
            org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration(pid, "?");
            Dictionary<String, Object> current = configuration.getProperties();
            Hashtable<String, Object> next = new Hashtable<>();
            if (current != null) {
                for (Enumeration<String> names = current.keys(); names.hasMoreElements();) {
                    String name = names.nextElement();
                    next.put(name, current.get(name));
                }
            }
            next.putAll(properties);
            configuration.update(next);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(bundleContext.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
    }

    /** The names the gateway lists under {@code field} of GET /health (caches, quotas, providers, ...). */
    protected static List<String> healthNames(String field) {
        JsonNode node = json(get("/health", ADMIN_KEY)).path(field);
        List<String> names = new ArrayList<>();
        node.forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The model ids GET /v1/models lists. */
    protected static List<String> modelIds() {
        JsonNode data = json(get("/v1/models", ADMIN_KEY)).path("data");
        List<String> ids = new ArrayList<>();
        data.forEach(n -> ids.add(n.path("id").asText()));
        return ids;
    }

    // ---- shell ---------------------------------------------------------------------------------------

    /** Runs a Karaf shell command as an admin and returns what it printed (stdout and stderr). */
    protected String executeCommand(String command) {
        return executeCommand(command, Duration.ofSeconds(30));
    }

    /**
     * Runs a shell command as a user holding only {@code roles} (Karaf's: admin, manager, viewer); returns what it
     * printed, or the failure's message when it failed (e.g. the command ACL refused it).
     */
    protected String executeCommandAs(String command, String... roles) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), printStream, printStream);
        Subject user = new Subject();
        user.getPrincipals().add(new UserPrincipal("itest-" + String.join("-", roles)));
        for (String role : roles) {
            user.getPrincipals().add(new RolePrincipal(role));
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Object> result = executor.submit(() -> Subject.doAs(user,
                    (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Object value = result.get(30, TimeUnit.SECONDS);
            if (value != null) {
                printStream.println(value);
            }
            return output.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return "FAILED: " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "\n"
                    + output.toString(StandardCharsets.UTF_8);
        } finally {
            executor.shutdownNow();
            session.close();
        }
    }

    protected String executeCommand(String command, Duration timeout) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8);
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]), printStream, printStream);
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("itest"));
        // the roles of Karaf's admingroup: the command ACLs ask for manager (bundle:uninstall) or viewer as well
        for (String role : new String[] {"admin", "manager", "viewer", "systembundles"}) {
            admin.getPrincipals().add(new RolePrincipal(role));
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Object> result = executor.submit(() -> Subject.doAs(admin,
                    (PrivilegedExceptionAction<Object>) () -> session.execute(command)));
            Object value = result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (value != null) {
                printStream.println(value);
            }
        } catch (Exception e) {
            throw new AssertionError("'" + command + "' failed; it printed:\n" + output.toString(StandardCharsets.UTF_8),
                    e);
        } finally {
            executor.shutdownNow();
            session.close();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    // ---- waiting -------------------------------------------------------------------------------------

    /** Polls every 100 ms until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    protected static void waitFor(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /**
     * Polls every 100 ms until {@code progress} reaches {@code goal}; fails naming {@code what} once it has not
     * moved for {@code stalled}, or after {@code limit} in all.
     */
    private static void waitWhileProgressing(String what, Duration stalled, Duration limit, IntSupplier progress,
                                             int goal) {
        long start = System.nanoTime();
        long moved = start;
        int last = -1;
        for (int now = progress.getAsInt(); now < goal; now = progress.getAsInt()) {
            long time = System.nanoTime();
            if (now != last) {
                last = now;
                moved = time;
            } else if (time - moved > stalled.toNanos()) {
                throw new AssertionError("waiting for " + what + ": stuck at " + now + " of " + goal + " for "
                        + stalled.toSeconds() + " s");
            }
            if (time - start > limit.toNanos()) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what + " ("
                        + now + " of " + goal + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    protected boolean featureInstalled(String name) {
        try {
            // by name among the installed ones: with a feature known in two versions (or repositories), the
            // first one getFeatures returns need not be the one installed
            for (org.apache.karaf.features.Feature feature : featuresService.listInstalledFeatures()) {
                if (feature.getName().equals(name)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    protected static Path karafBase() {
        return Paths.get(System.getProperty("karaf.base"));
    }

    protected static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through failsafe)");
        }
        return value;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
