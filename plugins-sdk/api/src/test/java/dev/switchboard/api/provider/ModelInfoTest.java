package dev.switchboard.api.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

public class ModelInfoTest {

    @Test
    public void parsesTheConfigurationForm() {
        ModelInfo model = ModelInfo.parse(" fast=gpt-4o-mini:0.15:0.60:128000 ");
        assertThat(model.id()).isEqualTo("fast");
        assertThat(model.upstreamId()).isEqualTo("gpt-4o-mini");
        assertThat(model.inputPricePerMTok()).isEqualByComparingTo("0.15");
        assertThat(model.outputPricePerMTok()).isEqualByComparingTo("0.60");
        assertThat(model.contextWindow()).isEqualTo(128000);
        assertThat(ModelInfo.parse("m:1:2").upstreamId()).isEqualTo("m");
    }

    @Test
    public void rejectsMalformedSpecsWithAClearMessage() {
        assertThatThrownBy(() -> ModelInfo.parse("m:1")).hasMessageContaining("must look like");
        assertThatThrownBy(() -> ModelInfo.parse("m:x:1")).hasMessageContaining("not a number");
    }

    @Test
    public void costIsTokensTimesPricePerMillion() {
        assertThat(ModelInfo.text("m", "2.50", "10", 0).cost(1_000, 2_000)).isEqualByComparingTo("0.0225");
    }
}
