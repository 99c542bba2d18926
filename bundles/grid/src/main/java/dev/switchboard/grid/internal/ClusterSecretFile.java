package dev.switchboard.grid.internal;

import dev.switchboard.grid.ClusterSecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's copy of the cluster secret: 256 random bits, Base64 on one line, made on the first start
 * and readable by the owner only. Every node of a cluster needs the same file (the operator copies it
 * before a second node first starts); a node with another secret rejects the others' records.
 */
final class ClusterSecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSecretFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int SECRET_BYTES = 32;

    private ClusterSecretFile() {
    }

    static ClusterSecret loadOrCreate(Path path) {
        try {
            if (!Files.exists(path)) {
                create(path);
            }
            return read(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the cluster secret " + path, e);
        }
    }

    private static void create(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        byte[] line = (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII);
        // owner-only from its creation, never widened and then narrowed; written whole beside it and moved
        // into place without replacing, so a crash leaves no half secret and two racing starts agree
        Path temp = Files.createTempFile(dir, ".cluster-secret", ".tmp", ownerOnly());
        try {
            Files.write(temp, line);
            Files.move(temp, path);
            LOG.info("Generated the cluster secret {}; copy it to every other node of this cluster", path);
        } catch (FileAlreadyExistsException e) {
            // another start made it first: read theirs
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        // not a POSIX file system: the directory's permissions are all we have
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static ClusterSecret read(Path path) throws IOException {
        tightenIfLoose(path);
        String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("the cluster secret file does not hold Base64", e);
        }
        return ClusterSecret.of(secret);
    }

    private static void tightenIfLoose(Path path) throws IOException {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
            if (!OWNER_ONLY.containsAll(now)) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
                LOG.warn("The cluster secret {} was readable by others; it is owner-only now", path);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }
}
