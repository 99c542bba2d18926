package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.ModelInfo;
import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

public class MockModelsTest {

    @Test
    public void defaultsHaveVisiblePricesAndA128kWindow() {
        assertThat(MockModels.DEFAULTS).extracting(ModelInfo::id).containsExactly("mock-echo", "mock-lorem");
        for (ModelInfo model : MockModels.DEFAULTS) {
            assertThat(model.inputPricePerMTok()).isEqualByComparingTo("1.00");
            assertThat(model.outputPricePerMTok()).isEqualByComparingTo("2.00");
            assertThat(model.contextWindow()).isEqualTo(128_000);
        }
        assertThat(MockModels.DEFAULTS.get(0).cost(1_000_000, 1_000_000)).isEqualByComparingTo("3.00");
    }

    @Test
    public void parsesIdsWithDefaultOrOwnPrices() {
        List<ModelInfo> models = MockModels.parse(new String[] {"mock-echo, mock-lorem=0.5/1.5", "big-echo"},
                "1.00", "2.00", 8_000);

        assertThat(models).extracting(ModelInfo::id).containsExactly("mock-echo", "mock-lorem", "big-echo");
        assertThat(models.get(0).inputPricePerMTok()).isEqualByComparingTo("1.00");
        assertThat(models.get(1).inputPricePerMTok()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(models.get(1).outputPricePerMTok()).isEqualByComparingTo(new BigDecimal("1.5"));
        assertThat(models.get(2).contextWindow()).isEqualTo(8_000);
    }

    @Test
    public void choosesLoremByName() {
        assertThat(MockModels.isLorem("mock-lorem")).isTrue();
        assertThat(MockModels.isLorem("big-lorem")).isTrue();
        assertThat(MockModels.isLorem("mock-echo")).isFalse();
        assertThat(MockModels.isLorem("gpt-4o")).isFalse();
    }

    @Test
    public void rejectsMalformedEntries() {
        assertThatThrownBy(() -> MockModels.parse(new String[] {"m=1.0"}, "1", "2", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m=1.0");
        assertThatThrownBy(() -> MockModels.parse(new String[] {"m=a/b"}, "1", "2", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockModels.parse(new String[] {"m"}, "cheap", "2", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input.price");
        assertThatThrownBy(() -> MockModels.parse(new String[] {" "}, "1", "2", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MockModels.parse(new String[] {"m"}, "1", "2", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("context.window");
    }
}
