package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.RouteDefinition;
import dev.switchboard.core.api.RouteListing;
import dev.switchboard.core.api.Routes;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class RouteCommandsTest {

    private final List<RouteDefinition> set = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final Routes routes = new Routes() {
        @Override
        public List<RouteListing> routes() {
            return List.of(
                    new RouteListing(new RouteDefinition("smart", List.of("gpt-4o", "claude"), "lowest-latency", 30_000,
                            4, 100, "Sorry."), RouteListing.RUNTIME, List.of("openai-1/gpt-4o"), true),
                    new RouteListing(new RouteDefinition("cheap", List.of("mini"), null, 0, 0, -1, null),
                            RouteListing.ETC, List.of(), true));
        }

        @Override
        public RouteDefinition setRoute(RouteDefinition route) {
            if (route.models().contains("bad name")) {
                throw new IllegalArgumentException("model 'bad name' is not a model name");
            }
            set.add(route);
            return route;
        }

        @Override
        public boolean removeRoute(String alias) {
            removed.add(alias);
            return alias.equals("smart");
        }
    };

    @Test
    public void listsEachRouteWithItsPolicyAndWhatServesIt() {
        String printed = Printed.table(RouteList.table(routes.routes()));

        assertThat(printed).contains("smart").contains("gpt-4o > claude").contains("lowest-latency").contains("30000")
                .contains("runtime").contains("openai-1/gpt-4o");
        assertThat(printed).contains("cheap").contains("etc").contains("nothing");
    }

    @Test
    public void setsARouteWithItsOptionsAndInheritsWhatIsNotGiven() {
        RouteSet command = new RouteSet();
        command.routes = routes;
        command.alias = "smart";
        command.models = List.of("gpt-4o", "claude");
        command.maxAttempts = 2;
        command.execute();

        assertThat(set).containsExactly(new RouteDefinition("smart", List.of("gpt-4o", "claude"), null, 0, 2,
                RouteDefinition.DEFAULT_BACKOFF, null));
        command.models = List.of("bad name");
        assertThatThrownBy(command::execute).hasMessageContaining("bad name");
    }

    @Test
    public void removesARunTimeRouteAndSaysWhenThereIsNone() {
        RouteRemove command = new RouteRemove();
        command.routes = routes;
        command.alias = "smart";
        command.execute();
        command.alias = "nope";
        assertThatThrownBy(command::execute).hasMessageContaining("nope");
        assertThat(removed).containsExactly("smart", "nope");
    }
}
