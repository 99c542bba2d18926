package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.provider.ModelInfo;
import dev.switchboard.core.api.HealthReport;
import dev.switchboard.core.api.ModelListing;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class ProviderListTest {

    private static HealthReport health(List<String> types, List<String> instances) {
        return new HealthReport(true, true, types, instances, List.of(), List.of(), List.of(), "round-robin", 0);
    }

    private static ModelListing model(String id, List<String> instances, List<String> types) {
        return new ModelListing(ModelInfo.text(id, "1", "2", 1000), instances, types);
    }

    @Test
    public void countsModelsPerInstanceAndNamesItsType() {
        List<ProviderList.Row> rows = ProviderList.rows(health(List.of("mock", "openai"), List.of("mock", "oai-1")),
                List.of(model("mock-echo", List.of("mock"), List.of("mock")),
                        model("mock-lorem", List.of("mock"), List.of("mock")),
                        model("gpt-4o", List.of("oai-1", "oai-2"), List.of("openai", "openai"))));

        assertThat(rows).containsExactly(
                new ProviderList.Row("mock", "mock", 2),
                new ProviderList.Row("openai", "oai-1", 1),
                new ProviderList.Row("openai", "oai-2", 1));
    }

    @Test
    public void showsBoundTypesWithoutInstancesAndInstancesWithoutModels() {
        List<ProviderList.Row> rows = ProviderList.rows(health(List.of("fixture", "mock"), List.of("idle")),
                List.of());

        assertThat(rows).containsExactly(
                new ProviderList.Row(ProviderList.UNKNOWN, "idle", 0),
                new ProviderList.Row("fixture", ProviderList.NONE, 0, ProviderList.NONE, "no instance"),
                new ProviderList.Row("mock", ProviderList.NONE, 0, ProviderList.NONE, "no instance"));
    }

    @Test
    public void printsATable() {
        String printed = Printed.table(ProviderList.table(health(List.of("mock"), List.of("mock")),
                List.of(model("mock-echo", List.of("mock"), List.of("mock")))));

        assertThat(printed).contains("Type", "Instance", "Models").containsPattern("mock\\s*\\|\\s*mock\\s*\\|\\s*1");
    }

    @Test
    public void showsTheBundleOfEachTypeInstancesThatFailedAndBundlesThatCannotResolve() {
        HealthReport health = new HealthReport(true, true, List.of("acme"), List.of("acme-1"), List.of(), List.of(),
                List.of(), null, 1, Map.of("acme", "com.acme.provider 1.2.0"),
                List.of(new HealthReport.FailedInstance("acme-2", "acme", "com.acme.provider 1.2.0",
                        "IllegalArgumentException: base.url is required")),
                List.of(new HealthReport.UnresolvedBundle(91, "com.other.provider 0.1.0", "file:deploy/other.jar",
                        List.of("osgi.wiring.package: (osgi.wiring.package=com.other.missing)"))));

        String printed = Printed.table(ProviderList.table(health,
                List.of(model("acme-large", List.of("acme-1"), List.of("acme")))));

        assertThat(printed).contains("Bundle", "Status")
                .containsPattern("acme\\s*\\|\\s*acme-1\\s*\\|\\s*1\\s*\\|\\s*com.acme.provider 1.2.0\\s*\\|\\s*serving")
                .containsPattern("acme-2.*failed: IllegalArgumentException: base.url is required")
                .containsPattern("com.other.provider 0.1.0 \\[91\\].*unresolved: missing osgi.wiring.package: "
                        + "\\(osgi.wiring.package=com.other.missing\\)");
    }

    @Test
    public void saysSoWhenNothingIsBound() {
        assertThat(Printed.table(ProviderList.table(health(List.of(), List.of()), List.of())))
                .contains("No provider bound.");
    }
}
