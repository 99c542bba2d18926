package dev.switchboard.bench;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

public class JettyNineProxyTest {

    private static UpstreamStub stub;
    private static JettyNineProxy proxy;
    private static int stubPort;
    private static int proxyPort;

    @BeforeClass
    public static void start() throws Exception {
        stub = new UpstreamStub(0, ProxyChecks.CHUNKS, ProxyChecks.GAP_MS);
        stubPort = stub.start();
        proxy = new JettyNineProxy(0, stubPort);
        proxyPort = proxy.start();
    }

    @AfterClass
    public static void stop() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (stub != null) {
            stub.stop();
        }
    }

    @Test
    public void forwardsAChatAnswerWholeWithItsLength() throws Exception {
        ProxyChecks.forwardsAChatAnswerWhole(stubPort, proxyPort);
    }

    @Test
    public void passesAStreamChunkByChunk() throws Exception {
        ProxyChecks.passesAStreamChunkByChunk(proxyPort);
    }
}
