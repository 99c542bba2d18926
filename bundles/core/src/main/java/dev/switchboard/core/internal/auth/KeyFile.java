package dev.switchboard.core.internal.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key file of versions before the store (hash -> record JSON): read once to import it into the store,
 * then renamed {@code keys.json.migrated}. {@link #write} is kept for tests that need an old node's file.
 */
final class KeyFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path path;

    KeyFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** Renames the imported file so the next start does not import it again; returns the new path. */
    Path retire() throws IOException {
        Path retired = path.resolveSibling(path.getFileName() + ".migrated");
        Files.move(path, retired, StandardCopyOption.REPLACE_EXISTING);
        return retired;
    }

    Map<String, String> read() throws IOException {
        if (!Files.exists(path)) {
            return Map.of();
        }
        return JSON.readValue(path.toFile(), new TypeReference<LinkedHashMap<String, String>>() { });
    }

    synchronized void write(Map<String, String> recordsByHash) throws IOException {
        Files.createDirectories(path.getParent());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), new LinkedHashMap<>(recordsByHash));
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions are all we have
        }
        try {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
