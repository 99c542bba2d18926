package dev.switchboard.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.karaf.shell.support.table.ShellTable;

/** What a command prints, captured as text. */
final class Printed {

    private Printed() {
    }

    static String by(Consumer<PrintStream> printing) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        printing.accept(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String table(ShellTable table) {
        return by(out -> table.print(out, StandardCharsets.US_ASCII, true));
    }
}
