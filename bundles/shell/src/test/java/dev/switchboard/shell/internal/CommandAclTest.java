package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Command;
import org.junit.Test;

/**
 * Karaf runs a command without a line in its scope's ACL for every shell user, so every switchboard command must
 * have one in the distribution's {@code etc/org.apache.karaf.command.acl.switchboard.cfg}, with a Karaf role.
 */
public class CommandAclTest {

    private static final Path ACL = Path.of("../../karaf-assembly/src/main/distribution/etc/"
            + "org.apache.karaf.command.acl.switchboard.cfg");

    @Test
    public void everyCommandHasARoleAndKeysNeedKarafsAdmin() throws Exception {
        Properties acl = new Properties();
        try (Reader in = Files.newBufferedReader(ACL)) {
            acl.load(in);
        }
        Set<String> commands = commands();
        assertThat(commands).contains("key-create", "key-rotate", "tenant-create", "stats");
        for (String command : commands) {
            assertThat(acl.getProperty(command)).as(command).isIn("admin", "manager", "viewer");
        }
        for (String command : commands) {
            if (Set.of("key-create", "key-rotate", "key-revoke", "tenant-create").contains(command)) {
                assertThat(acl.getProperty(command)).as(command).isEqualTo("admin");
            }
        }
    }

    private static Set<String> commands() throws IOException, ClassNotFoundException {
        Set<String> names = new TreeSet<>();
        Path sources = Path.of("src/main/java/dev/switchboard/shell/internal");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String simple = file.getFileName().toString().replace(".java", "");
                Command command = Class.forName("dev.switchboard.shell.internal." + simple).getAnnotation(Command.class);
                if (command != null) {
                    names.add(command.name());
                }
            }
        }
        return names;
    }
}
