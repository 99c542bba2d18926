package dev.switchboard.shell.internal;

import dev.switchboard.core.api.Gateway;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "switchboard", name = "provider-list",
        description = "Lists provider types and instances (models served, bundle, status), instances that failed to"
                + " be created and plugin bundles that cannot resolve.")
@Service
public class ProviderList implements Action {

    static final String UNKNOWN = "?";
    static final String NONE = "-";

    @Reference
    Gateway gateway;

    @Override
    public Object execute() {
        table(gateway.health(), gateway.models()).print(System.out);
        return null;
    }

    static final String SERVING = "serving";

    record Row(String type, String instance, int models, String bundle, String status) {

        Row(String type, String instance, int models) {
            this(type, instance, models, NONE, SERVING);
        }
    }

    static ShellTable table(HealthReport health, List<ModelListing> models) {
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Instance");
        table.column("Models").alignRight();
        table.column("Bundle");
        table.column("Status");
        table.emptyTableText("No provider bound.");
        for (Row row : rows(health, models)) {
            table.addRow().addContent(row.type(), row.instance(), row.models(), row.bundle(), row.status());
        }
        return table;
    }

    /**
     * Instances come from health and from the model listings (whose instance and type lists run in parallel);
     * a bound type without instances still gets a row, so an operator sees it arrived.
     */
    static List<Row> rows(HealthReport health, List<ModelListing> models) {
        Map<String, Integer> modelCounts = new LinkedHashMap<>();
        Map<String, String> typeOf = new LinkedHashMap<>();
        for (String instance : health.instances()) {
            modelCounts.putIfAbsent(instance, 0);
        }
        for (ModelListing listing : models) {
            List<String> instances = listing.instanceIds();
            boolean typed = listing.providerTypes().size() == instances.size();
            for (int i = 0; i < instances.size(); i++) {
                modelCounts.merge(instances.get(i), 1, Integer::sum);
                if (typed) {
                    typeOf.putIfAbsent(instances.get(i), listing.providerTypes().get(i));
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        Set<String> typesWithInstances = new HashSet<>();
        Map<String, String> bundles = health.providerBundles();
        modelCounts.forEach((instance, count) -> {
            String type = typeOf.getOrDefault(instance, UNKNOWN);
            typesWithInstances.add(type);
            rows.add(new Row(type, instance, count, bundles.getOrDefault(type, NONE), SERVING));
        });
        for (HealthReport.FailedInstance failed : health.failedInstances()) {
            typesWithInstances.add(failed.providerType());
            rows.add(new Row(failed.providerType(), failed.instanceId(), 0, failed.bundle(),
                    "failed: " + failed.reason()));
        }
        for (String type : new TreeSet<>(health.providerTypes())) {
            if (!typesWithInstances.contains(type)) {
                rows.add(new Row(type, NONE, 0, bundles.getOrDefault(type, NONE), "no instance"));
            }
        }
        rows.sort(Comparator.comparing(Row::type).thenComparing(Row::instance));
        // bundles that never got as far as registering a provider come last, with what they lack
        for (HealthReport.UnresolvedBundle bundle : health.unresolvedBundles()) {
            rows.add(new Row(UNKNOWN, NONE, 0, bundle.bundle() + " [" + bundle.bundleId() + "]",
                    "unresolved: missing " + String.join(", ", bundle.missing())));
        }
        return rows;
    }
}
