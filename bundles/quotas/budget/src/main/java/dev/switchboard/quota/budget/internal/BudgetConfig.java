package dev.switchboard.quota.budget.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = BudgetConfig.PID, name = "Switchboard budget quota",
        description = "Spend limits in USD per calendar period, exact across the cluster: each request reserves its"
                + " maximum cost in the grid before the call and settles to its actual cost after.")
public @interface BudgetConfig {

    String PID = "dev.switchboard.quota.budget";

    @AttributeDefinition(name = "Budgets", description = "One per entry: name=acme; scope=tenant:acme; limit.usd=100;"
            + " period=month|day|total; zone=Europe/Paris; alerts=50/80/100; grid.unreachable=fail-closed|local-cap:<usd>")
    String[] budgets() default {};

    @AttributeDefinition(name = "Hold (s)", description = "How long a reservation is kept when its node never settles"
            + " nor releases it (the node died): longer than the longest request.")
    long hold_seconds() default 900;
}
