package dev.switchboard.core.internal.pipeline;

import dev.switchboard.store.UsageEntry;
import dev.switchboard.store.UsageLedger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A usage ledger that keeps every entry it is handed, in order, and never drops one. */
final class RecordingLedger implements UsageLedger {

    final List<UsageEntry> booked = new CopyOnWriteArrayList<>();

    @Override
    public boolean append(UsageEntry entry) {
        booked.add(entry);
        return true;
    }

    @Override
    public long dropped() {
        return 0;
    }
}
