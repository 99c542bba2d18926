package dev.switchboard.api.quota;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A quota or rate limit, registered as an OSGi service with the property {@value #NAME_PROPERTY}.
 * Every bound strategy must admit a request for it to proceed. Keep {@link #check} cheap: it runs on
 * every request.
 */
@ConsumerType
public interface QuotaStrategy {

    String NAME_PROPERTY = "switchboard.quota";

    String name();

    QuotaDecision check(QuotaRequest request);

    /** Called once the request finished, with what it really used. */
    default void record(QuotaRequest request, Usage usage, BigDecimal costUsd) {
    }
}
