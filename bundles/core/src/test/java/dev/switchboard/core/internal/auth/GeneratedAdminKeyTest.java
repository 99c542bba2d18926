package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class GeneratedAdminKeyTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theKeyGoesToTheConsoleAndAnOwnerOnlyFile() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path dir = folder.getRoot().toPath().resolve("switchboard");
        GeneratedAdminKey.announce("sk-sb-test-generated", dir, new PrintStream(console, true, StandardCharsets.UTF_8));

        assertThat(console.toString(StandardCharsets.UTF_8)).contains("sk-sb-test-generated");
        Path file = dir.resolve(GeneratedAdminKey.FILE_NAME);
        assertThat(Files.readString(file).trim()).isEqualTo("sk-sb-test-generated");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
