package dev.switchboard.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The usage ledger, written behind the request path: {@link #append} puts the entry on a bounded queue and
 * returns at once; a writer the store owns inserts batches. When the queue is full the entry is dropped and
 * counted (never a blocked request): {@link #dropped()} and the log say so.
 */
@ProviderType
public interface UsageLedger {

    /** Queues the entry without blocking; false when the queue was full and the entry was dropped. */
    boolean append(UsageEntry entry);

    /** Entries dropped since start because the queue was full. */
    long dropped();
}
