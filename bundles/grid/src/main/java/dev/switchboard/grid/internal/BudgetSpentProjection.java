package dev.switchboard.grid.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.projection.Projection;
import java.util.Map;

/**
 * A budget's key, spent amount and expiry, read on the members that own them: a snapshot carries three strings per
 * budget, not the reservations and the thousands of ended request ids an entry keeps. Answers {@code String[]}, a
 * type the grid knows without Java serialization.
 */
final class BudgetSpentProjection implements Projection<Map.Entry<String, BudgetEntry>, String[]>,
        IdentifiedDataSerializable {

    @Override
    public String[] transform(Map.Entry<String, BudgetEntry> entry) {
        BudgetEntry budget = entry.getValue();
        return new String[] {entry.getKey(), Long.toString(budget.spent), Long.toString(budget.expiresAt)};
    }

    @Override
    public int getFactoryId() {
        return GridSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return GridSerialization.BUDGET_SPENT;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // no state
    }

    @Override
    public void readData(ObjectDataInput in) {
        // no state
    }
}
