package dev.switchboard.itests;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The container's heap and threads, read from inside it (the tests run in the server's JVM). Threads the
 * tests start are named {@code hostile-*}, and the JDK HTTP client's are {@code HttpClient-*}: neither
 * counts as the server's.
 * <p>
 * {@code waitingOnClient} counts threads parked inside Jetty's servlet input or output: a thread there is
 * held by one client's pace (a trickled body, an unread stream). With non-blocking servlet I/O there are
 * none, whatever the clients do.
 */
record ServerVitals(long heapUsedBytes, long heapMaxBytes, int serverThreads, int waitingOnClient) {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<String> TEST_THREADS = List.of("hostile-", "HttpClient-");
    private static final List<String> CLIENT_IO = List.of("org.eclipse.jetty.server.HttpInput",
            "org.eclipse.jetty.server.HttpOutput");

    /** Heap used after a full collection (what is really held), and the threads now. */
    static ServerVitals afterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(100);
        }
        return sample(MEMORY.getHeapMemoryUsage().getUsed());
    }

    /** Threads now; the heap as it is (no collection: cheap enough to call every few hundred ms). */
    static ServerVitals now() {
        return sample(MEMORY.getHeapMemoryUsage().getUsed());
    }

    private static ServerVitals sample(long heapUsed) {
        int server = 0;
        int waiting = 0;
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            if (info == null || TEST_THREADS.stream().anyMatch(info.getThreadName()::startsWith)) {
                continue;
            }
            server++;
            if (isWaitingOnClient(info)) {
                waiting++;
            }
        }
        return new ServerVitals(heapUsed, MEMORY.getHeapMemoryUsage().getMax(), server, waiting);
    }

    private static boolean isWaitingOnClient(ThreadInfo info) {
        Thread.State state = info.getThreadState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : info.getStackTrace()) {
            String type = frame.getClassName();
            if (CLIENT_IO.stream().anyMatch(type::startsWith)) {
                return true;
            }
        }
        return false;
    }

    long heapUsedMb() {
        return heapUsedBytes / (1024 * 1024);
    }

    long heapMaxMb() {
        return heapMaxBytes / (1024 * 1024);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
