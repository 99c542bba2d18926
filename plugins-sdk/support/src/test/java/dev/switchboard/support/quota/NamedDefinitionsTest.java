package dev.switchboard.support.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The definition rules budgets and rate limits share: commas, unique names, one entry per API write, precedence. */
public class NamedDefinitionsTest {

    /** A definition: its name and its limit, {@code name=a; limit=5}. */
    private record Limit(String name, String limit) {
        static Limit parse(String entry) {
            Map<String, String> attributes = NamedDefinitions.attributes(entry, "limit");
            if (attributes.get("name") == null) {
                throw new IllegalArgumentException("limit entry '" + entry + "' needs a name");
            }
            return new Limit(attributes.get("name"), attributes.get("limit"));
        }
    }

    private static final NamedDefinitions<Limit> LIMITS =
            new NamedDefinitions<>("limit", "test limit", Limit::parse, Limit::name);

    @Test
    public void entriesAreSplitAtCommasAsACfgFileDeliversThem() {
        assertThat(LIMITS.parse(new String[] {"name=a; limit=1, name=b; limit=2", " ", "name=c"}))
                .containsExactly(new Limit("a", "1"), new Limit("b", "2"), new Limit("c", null));
        assertThat(LIMITS.parse(null)).isEmpty();
    }

    @Test
    public void aNameGivenTwiceOrAMalformedEntryFailsNamingIt() {
        assertThatThrownBy(() -> LIMITS.parse(new String[] {"name=a; limit=1", "name=a; limit=2"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit 'a' is defined twice");
        assertThatThrownBy(() -> LIMITS.parse(new String[] {"name=a; limit"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit entry part 'limit' is not key=value");
    }

    @Test
    public void aDefinitionWrittenThroughTheApiIsOneEntry() {
        assertThat(LIMITS.validate("name=a; limit=1")).isEqualTo("a");
        assertThatThrownBy(() -> LIMITS.validate("name=a, name=b")).hasMessageContaining("no commas");
        assertThatThrownBy(() -> LIMITS.validate(null)).hasMessageContaining("no commas");
        assertThatThrownBy(() -> LIMITS.validate("limit=1")).hasMessageContaining("needs a name");
    }

    @Test
    public void theClusterReplacesAFileDefinitionOfItsNameAndAMalformedOneIsLeftOut() {
        List<Limit> configured = List.of(new Limit("a", "1"), new Limit("b", "2"));

        List<Limit> enforced = LIMITS.withCluster(List.of("name=b; limit=20", "limit=oops", "name=c; limit=3"),
                configured);

        assertThat(enforced).containsExactly(new Limit("b", "20"), new Limit("c", "3"), new Limit("a", "1"));
        assertThat(LIMITS.withCluster(List.of(), configured)).isEqualTo(configured);
    }
}
