package dev.switchboard.core.internal.auth;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a generated admin key to the operator, and to nobody else: on the console (standard output, which
 * the log never captures) and in an owner-only file, for a server started in the background whose console
 * nobody sees, and for {@code ./switchboard}, which prints it and deletes the file. Never through the
 * logger: log files are read by more people and tools than the operator.
 */
final class GeneratedAdminKey {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratedAdminKey.class);
    static final String FILE_NAME = "admin.key.generated";

    private GeneratedAdminKey() {
    }

    static void announce(String secret, Path dir, PrintStream console) {
        Path file = dir.resolve(FILE_NAME);
        boolean written = write(file, secret);
        console.println("Switchboard generated an admin key (shown once, store it now): " + secret);
        if (written) {
            console.println("A copy is in " + file + " (owner-only): delete it once the key is stored.");
        }
        LOG.warn("Switchboard generated an admin key on this first start; it was shown on the console{}",
                written ? " and written owner-only to " + file : "");
    }

    private static boolean write(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            Files.writeString(Files.createFile(file, ownerOnly), secret + "\n", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException e) {
            LOG.warn("Could not write the generated admin key to {}: {}", file, e.getMessage());
            return false;
        }
    }
}
