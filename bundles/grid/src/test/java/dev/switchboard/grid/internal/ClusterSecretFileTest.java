package dev.switchboard.grid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClusterSecretFileTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void theFirstStartGeneratesAnOwnerOnlySecretThatLaterStartsReuse() throws Exception {
        Path file = folder.getRoot().toPath().resolve("switchboard/cluster.secret");
        ClusterSecret first = ClusterSecretFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).hasSizeGreaterThanOrEqualTo(43);
        ClusterSecret again = ClusterSecretFile.loadOrCreate(file);
        assertThat(mac(again, "x")).isEqualTo(mac(first, "x"));
        assertThat(folder.getRoot().toPath().resolve("switchboard").toFile().list()).containsExactly(
                "cluster.secret");
    }

    @Test
    public void aCopiedSecretGivesTheSameMacsAndAnotherInstallDiffers() throws Exception {
        Path a = folder.getRoot().toPath().resolve("a/cluster.secret");
        Path b = folder.getRoot().toPath().resolve("b/cluster.secret");
        Path c = folder.getRoot().toPath().resolve("c/cluster.secret");
        ClusterSecret onA = ClusterSecretFile.loadOrCreate(a);
        Files.createDirectories(b.getParent());
        Files.copy(a, b);
        assertThat(mac(ClusterSecretFile.loadOrCreate(b), "keys")).isEqualTo(mac(onA, "keys"));
        assertThat(mac(ClusterSecretFile.loadOrCreate(c), "keys")).isNotEqualTo(mac(onA, "keys"));
        assertThat(mac(onA, "records")).as("each purpose its own key").isNotEqualTo(mac(onA, "keys"));
    }

    @Test
    public void aSecretReadableByOthersIsMadeOwnerOnly() throws Exception {
        Path file = folder.getRoot().toPath().resolve("cluster.secret");
        ClusterSecretFile.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        ClusterSecretFile.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    public void theSecretNeverShowsInToString() {
        assertThat(ClusterSecret.of("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)).toString())
                .doesNotContain("0123");
    }

    private static String mac(ClusterSecret secret, String purpose) {
        return HexFormat.of().formatHex(secret.newMac(purpose).doFinal("message".getBytes(StandardCharsets.UTF_8)));
    }
}
