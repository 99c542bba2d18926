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
 * none, whatever the clients do. {@code busyPoolThreads} counts the threads of Jetty's server pool
 * ({@code qtp*}) and the upstream client's pool ({@code switchboard-upstream*}) that are not idle in their
 * pool: idle threads a burst left behind do not count, a thread held by a client does.
 */
record ServerVitals(long heapUsedBytes, long heapMaxBytes, int serverThreads, int busyPoolThreads,
                    int waitingOnClient, String busyTops) {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<String> TEST_THREADS = List.of("hostile-", "HttpClient-");
    private static final List<String> POOLS = List.of("qtp", "switchboard-upstream");
    private static final List<String> IDLE_METHODS = List.of("idleJobPoll", "reservedWait");
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
        int busy = 0;
        int waiting = 0;
        java.util.Map<String, Integer> tops = new java.util.TreeMap<>();
        for (ThreadInfo info : THREADS.dumpAllThreads(false, false)) {
            if (info == null || TEST_THREADS.stream().anyMatch(info.getThreadName()::startsWith)) {
                continue;
            }
            server++;
            if (isBusyPoolThread(info)) {
                busy++;
                tops.merge(top(info), 1, Integer::sum);
            }
            if (isWaitingOnClient(info)) {
                waiting++;
            }
        }
        StringBuilder busyTops = new StringBuilder();
        tops.forEach((top, count) -> busyTops.append("\n      ").append(count).append(" x ").append(top));
        return new ServerVitals(heapUsed, MEMORY.getHeapMemoryUsage().getMax(), server, busy, waiting,
                busyTops.toString());
    }

    private static boolean isBusyPoolThread(ThreadInfo info) {
        if (POOLS.stream().noneMatch(info.getThreadName()::startsWith)) {
            return false;
        }
        for (StackTraceElement frame : info.getStackTrace()) {
            if (IDLE_METHODS.contains(frame.getMethodName())) {
                return false;
            }
        }
        return true;
    }

    /** The thread's state and its deepest frames of interest: where a busy thread is. */
    private static String top(ThreadInfo info) {
        StringBuilder top = new StringBuilder(info.getThreadState().toString());
        int shown = 0;
        for (StackTraceElement frame : info.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                continue;
            }
            top.append(" < ").append(type.substring(type.lastIndexOf('.') + 1)).append('.')
                    .append(frame.getMethodName());
            if (++shown == 3) {
                break;
            }
        }
        return top.toString();
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
