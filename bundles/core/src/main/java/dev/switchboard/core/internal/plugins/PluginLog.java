package dev.switchboard.core.internal.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where core reports what plugins do wrong. A seam so tests can see what an author would read in the
 * log; in the server it is SLF4J under the logger {@code dev.switchboard.core.plugins}.
 */
public interface PluginLog {

    /** Once per kind of failure: what an author must see. */
    void warn(String message, Throwable cause);

    /** Every later occurrence of a failure already warned about. */
    void debug(String message);

    PluginLog SLF4J = new PluginLog() {
        private final Logger log = LoggerFactory.getLogger("dev.switchboard.core.plugins");

        @Override
        public void warn(String message, Throwable cause) {
            log.warn(message, cause);
        }

        @Override
        public void debug(String message) {
            log.debug(message);
        }
    };
}
