package dev.switchboard.core.internal.testing;

import dev.switchboard.core.internal.plugins.PluginLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what core would log about plugins; a warning is its message plus the printed stack trace. */
public final class RecordingPluginLog implements PluginLog {

    public final List<String> warnings = new CopyOnWriteArrayList<>();
    public final List<String> debugs = new CopyOnWriteArrayList<>();

    @Override
    public void warn(String message, Throwable cause) {
        StringWriter trace = new StringWriter();
        if (cause != null) {
            cause.printStackTrace(new PrintWriter(trace));
        }
        warnings.add(message + "\n" + trace);
    }

    @Override
    public void debug(String message) {
        debugs.add(message);
    }
}
