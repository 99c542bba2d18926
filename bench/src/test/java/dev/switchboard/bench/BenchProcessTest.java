package dev.switchboard.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BenchProcessTest {

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void readsThePortAChildAnnouncesAndStopsIt() throws Exception {
        Path log = folder.newFile("child.log").toPath();
        BenchProcess child = BenchProcess.startAnnounced(new ProcessBuilder("sh", "-c",
                "echo 'listening 4321'; exec sleep 30").redirectError(log.toFile()), "child", log);
        ProcessHandle handle = child.handle();
        assertEquals(4321, child.port());
        child.close();
        assertFalse(handle.isAlive());
    }

    @Test
    public void aChildThatDoesNotAnnounceIsKilledAndSaysSo() throws Exception {
        Path log = folder.newFile("child.log").toPath();
        IOException e = assertThrows(IOException.class, () -> BenchProcess.startAnnounced(new ProcessBuilder("sh",
                "-c", "echo 'port?'; exec sleep 30").redirectError(log.toFile()), "child", log));
        assertEquals("child did not start: port?, see " + log, e.getMessage());
    }

    @Test
    public void aChildThatExitsBeforeListeningSaysWithWhat() throws Exception {
        Path output = folder.newFile("stdout.log").toPath();
        Path log = folder.newFile("error.log").toPath();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "echo 'bad config'; exit 3")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        int port = BenchRun.freePort();
        IOException e = assertThrows(IOException.class,
                () -> BenchProcess.startListening(builder, "server", port, 10, output, log));
        assertEquals("server exited with 3: bad config (see " + log + ")", e.getMessage());
    }
}
