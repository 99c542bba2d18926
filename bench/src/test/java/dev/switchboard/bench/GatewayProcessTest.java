package dev.switchboard.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GatewayProcessTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void setChangesTheActiveLineAndLeavesACommentedExampleBeforeItAlone() throws IOException {
        Path cfg = write("# e.g.\n#port = 5701\n\nport = 5701\n");
        GatewayProcess.set(cfg, "port", "6000");
        assertEquals("# e.g.\n#port = 5701\n\nport = 6000\n", Files.readString(cfg));
    }

    @Test
    public void setAppendsWhenTheKeyIsOnlyInComments() throws IOException {
        Path cfg = write("# To add one:\n#   admin = <a-strong-password>,_g_:admingroup\n#admin = x\n");
        GatewayProcess.set(cfg, "admin", "secret,_g_:admingroup");
        assertEquals("# To add one:\n#   admin = <a-strong-password>,_g_:admingroup\n#admin = x\n"
                + "admin = secret,_g_:admingroup\n", Files.readString(cfg));
    }

    @Test
    public void setMatchesTheWholeKeyOnly() throws IOException {
        Path cfg = write("selection.strategy = round-robin\nselection.strategy.gpt-4o = priority\n");
        GatewayProcess.set(cfg, "selection.strategy", "weighted");
        assertEquals("selection.strategy = weighted\nselection.strategy.gpt-4o = priority\n", Files.readString(cfg));
    }

    @Test
    public void setAppendsAfterALastLineWithoutNewlineAndCreatesAMissingFile() throws IOException {
        Path cfg = write("a = 1");
        GatewayProcess.set(cfg, "b", "2");
        assertEquals("a = 1\nb = 2\n", Files.readString(cfg));
        Path missing = tmp.getRoot().toPath().resolve("new.cfg");
        GatewayProcess.set(missing, "k", "v");
        assertEquals("k = v\n", Files.readString(missing));
    }

    @Test
    public void karafMainIsFoundAtTheEndOfACommandLineLongerThanAPage() throws IOException {
        StringBuilder cmd = new StringBuilder("/usr/bin/java\0-Xmx256m\0-classpath\0");
        for (int i = 0; cmd.length() < 9000; i++) {
            cmd.append("/opt/karaf/lib/boot/some-long-library-name-").append(i).append(".jar:");
        }
        cmd.append("\0-Dkaraf.home=/opt/karaf\0org.apache.karaf.main.Main\0server\0");
        Path file = tmp.getRoot().toPath().resolve("cmdline");
        Files.write(file, cmd.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(GatewayProcess.runsKarafMain(file));
    }

    @Test
    public void aProbeOrAMissingProcessIsNotKaraf() throws IOException {
        Path file = tmp.getRoot().toPath().resolve("cmdline");
        Files.write(file, "/usr/bin/java\0-version\0-Dx=org.apache.karaf.main.Main.not\0".getBytes(StandardCharsets.UTF_8));
        assertFalse(GatewayProcess.runsKarafMain(file));
        assertFalse(GatewayProcess.runsKarafMain(tmp.getRoot().toPath().resolve("gone")));
    }

    private Path write(String text) throws IOException {
        Path cfg = tmp.newFile().toPath();
        Files.writeString(cfg, text);
        return cfg;
    }
}
