package dev.switchboard.grid.internal;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Ids for the few objects the grid bundle sends between members. Identified serialization needs no
 * reflection or class lookup by name, so it works whatever class loader the receiving side has.
 */
final class GridSerialization implements DataSerializableFactory {

    static final int FACTORY_ID = 0x5B01;
    static final int COUNTER_ADD = 1;
    static final int BUDGET_ENTRY = 2;
    static final int BUDGET_OPERATION = 3;
    static final int RATE_OPERATION = 4;
    static final int BUDGET_SPENT = 5;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case COUNTER_ADD -> new CounterAdd();
            case BUDGET_ENTRY -> new BudgetEntry();
            case BUDGET_OPERATION -> new BudgetOperation();
            case RATE_OPERATION -> new RateOperation();
            case BUDGET_SPENT -> new BudgetSpentProjection();
            default -> null;
        };
    }
}
