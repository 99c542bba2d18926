package dev.switchboard.bench;

import static org.junit.Assume.assumeNoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Jetty 12 probe as BenchRun launches it (its own JVM, from {@code bench/jetty12-probe/target}), against the
 * stub: skipped when the probe is not built (bench/run.sh builds it; so does {@code mvn -f bench/jetty12-probe/pom.xml
 * package}). Its own build tests it against a Jetty 12 upstream of its own too.
 */
public class JettyTwelveProxyProcessTest {

    private static UpstreamStub stub;
    private static StackProbe proxy;
    private static int stubPort;

    @BeforeClass
    public static void start() throws Exception {
        Path target = Path.of(System.getProperty("jetty12.probe", "jetty12-probe/target"));
        try {
            StackProbe.jetty12ClassPath(target);
        } catch (IOException e) {
            assumeNoException(e);
        }
        stub = new UpstreamStub(0, ProxyChecks.CHUNKS, ProxyChecks.GAP_MS);
        stubPort = stub.start();
        Path log = Files.createTempFile("jetty12-proxy", ".log");
        proxy = StackProbe.jetty12(target, stubPort, log);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (stub != null) {
            stub.stop();
        }
    }

    @Test
    public void forwardsAChatAnswerWholeWithItsLength() throws Exception {
        ProxyChecks.forwardsAChatAnswerWhole(stubPort, proxy.port());
    }

    @Test
    public void passesAStreamChunkByChunk() throws Exception {
        ProxyChecks.passesAStreamChunkByChunk(proxy.port());
    }
}
