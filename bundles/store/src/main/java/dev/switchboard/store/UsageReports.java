package dev.switchboard.store;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Usage reports from the ledger, summed by the database (one {@code GROUP BY}). Calls block on the database:
 * they are an operator's, never on the request path. A failing database surfaces as an
 * {@link IllegalStateException} (message without the URL or password).
 */
@ProviderType
public interface UsageReports {

    /** Receives a report's rows as the database returns them, so a long report is never held whole. */
    @FunctionalInterface
    interface RowSink {
        void accept(UsageRow row) throws IOException;
    }

    /**
     * Streams the query's groups (at most {@code limit}, from {@code offset}) to {@code sink}; returns how many it
     * sent. An {@link IOException} from the sink (a client gone) stops the query and is thrown on.
     */
    int report(UsageQuery query, RowSink sink) throws IOException;

    /** The sums over everything the query's range and filters select (its grouping and paging ignored). */
    UsageRow totals(UsageQuery query);
}
