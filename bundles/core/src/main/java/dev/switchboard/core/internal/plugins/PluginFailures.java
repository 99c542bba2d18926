package dev.switchboard.core.internal.plugins;

import dev.switchboard.api.provider.ErrorCode;
import dev.switchboard.api.provider.ProviderException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The failures of one provider instance, counted per error code. The first failure of each code is a
 * WARN naming the instance, its type and bundle, with the cause, so a plugin author sees their bug at
 * once; later ones of that code only count (and go to DEBUG), so an outage does not flood the log.
 * Lives as long as the instance id: a re-created instance (a new bundle version) warns afresh.
 * Also remembers which instance object core closed, so an IllegalStateException from it reads as
 * "going away" and from any other as a bug.
 */
public final class PluginFailures {

    private static final ErrorCode[] CODES = ErrorCode.values();

    private final String instanceId;
    private final PluginLog log;
    private final AtomicLongArray counts = new AtomicLongArray(CODES.length);
    private volatile boolean[] warned = new boolean[CODES.length];
    private volatile String origin;
    private volatile String secret;
    private volatile Object closedByCore;

    public PluginFailures(String instanceId, PluginLog log) {
        this.instanceId = instanceId;
        this.log = log;
        this.origin = "instance '" + instanceId + "'";
    }

    /** A new instance took the id (created again, perhaps from another bundle version). */
    public void rearm(String providerType, String bundle, String apiKey) {
        this.origin = "instance '" + instanceId + "' (type " + providerType + ", bundle " + bundle + ")";
        this.secret = apiKey;
        this.warned = new boolean[CODES.length];
    }

    /** Core is closing this instance: from now on its failures mean it is going away, not a bug. */
    public void closing(Object instance) {
        closedByCore = instance;
    }

    public boolean closedByCore(Object instance) {
        return closedByCore == instance;
    }

    public void record(ProviderException failure) {
        int code = failure.code().ordinal();
        long count = counts.incrementAndGet(code);
        String message = RedactedThrowable.redact(failure.getMessage(), secret);
        if (firstWarning(code)) {
            log.warn("Provider " + origin + " failed with " + failure.code() + (failure.retryable() ? "" : " (not retryable)")
                    + ": " + message + " [later " + failure.code() + " failures of this instance are counted in"
                    + " switchboard:stats and logged at DEBUG]", RedactedThrowable.of(failure, secret));
        } else {
            log.debug("Provider " + origin + " failed with " + failure.code() + " (" + count + " so far): " + message);
        }
    }

    private synchronized boolean firstWarning(int code) {
        boolean[] current = warned;
        if (current[code]) {
            return false;
        }
        current[code] = true;
        return true;
    }

    /** One line for listings: the exception's simple class name and message, the key cut out. */
    public static String describe(Throwable failure, String apiKey) {
        String message = RedactedThrowable.redact(failure.getMessage(), apiKey);
        String type = failure.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    /** A provider refused to create an instance: always a WARN with the whole (redacted) exception. */
    public static void logCreateFailure(PluginLog log, String message, Throwable failure, String apiKey) {
        log.warn(message, RedactedThrowable.of(failure, apiKey));
    }

    /** The counts so far, codes that never failed left out. */
    public Map<ErrorCode, Long> counts() {
        Map<ErrorCode, Long> result = new LinkedHashMap<>();
        for (ErrorCode code : CODES) {
            long count = counts.get(code.ordinal());
            if (count > 0) {
                result.put(code, count);
            }
        }
        return result;
    }
}
