package dev.switchboard.core.internal.limits;

import dev.switchboard.api.quota.DefinableQuota;
import dev.switchboard.api.quota.QuotaDecision;
import dev.switchboard.api.quota.QuotaRequest;
import dev.switchboard.api.quota.QuotaStrategy;

/**
 * The budget strategy of the limits tests: it admits every request, and its definitions ({@code name=…; scope=…;
 * limit.usd=…}) need a scope and a limit. {@code ClusterLimitsTest} extends it to hear the cluster's definitions.
 */
class TestBudgets implements QuotaStrategy, DefinableQuota {

    @Override
    public String name() {
        return "budget";
    }

    @Override
    public QuotaDecision check(QuotaRequest request) {
        return QuotaDecision.ADMIT;
    }

    @Override
    public String definitionsPid() {
        return "dev.switchboard.quota.budget";
    }

    @Override
    public String definitionsProperty() {
        return "budgets";
    }

    @Override
    public String validate(String definition) {
        if (!definition.contains("scope=") || !definition.contains("limit.usd=")) {
            throw new IllegalArgumentException("needs name, scope and limit.usd");
        }
        return definition.substring(definition.indexOf("name=") + 5, definition.indexOf(';')).trim();
    }
}
