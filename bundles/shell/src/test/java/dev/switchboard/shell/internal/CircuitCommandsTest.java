package dev.switchboard.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.CircuitReport;
import dev.switchboard.core.api.Circuits;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class CircuitCommandsTest {

    private final List<String> resets = new ArrayList<>();
    private final Circuits circuits = new Circuits() {
        @Override
        public List<CircuitReport> circuits() {
            return List.of(new CircuitReport("openai-1", "OPEN", 12_400, 0.75),
                    new CircuitReport("anthropic-1", "CLOSED", 600_000, 0.0));
        }

        @Override
        public boolean resetCircuit(String instanceId) {
            resets.add(instanceId);
            return instanceId.equals("openai-1");
        }
    };

    @Test
    public void listsEachInstanceWithStateAgeAndFailureRate() {
        String printed = Printed.table(CircuitList.table(circuits.circuits()));

        assertThat(printed).contains("openai-1").contains("OPEN").contains("12").contains("75%");
        assertThat(printed).contains("anthropic-1").contains("CLOSED").contains("600");
    }

    @Test
    public void resetsAKnownInstanceAndRefusesAnUnknownOne() {
        CircuitReset reset = new CircuitReset();
        reset.circuits = circuits;
        reset.instance = "openai-1";
        reset.execute();

        reset.instance = "nope";
        assertThatThrownBy(reset::execute).hasMessageContaining("nope");
        assertThat(resets).containsExactly("openai-1", "nope");
    }
}
