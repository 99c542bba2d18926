package dev.switchboard.api.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

public class ModelInfoTest {

    @Test
    public void parsesTheConfigurationForm() {
        ModelInfo model = ModelInfo.parse(" gpt-4o-mini=0.15/0.60/128000 ");
        assertThat(model.id()).isEqualTo("gpt-4o-mini");
        assertThat(model.upstreamId()).isEqualTo("gpt-4o-mini");
        assertThat(model.inputPricePerMTok()).isEqualByComparingTo("0.15");
        assertThat(model.outputPricePerMTok()).isEqualByComparingTo("0.60");
        assertThat(model.contextWindow()).isEqualTo(128000);
        assertThat(ModelInfo.parse("m=1/2").contextWindow()).isZero();
    }

    @Test
    public void parsesListsWithDefaultsForBareIdsAndLaterEntriesWinning() {
        List<ModelInfo> models = ModelSpecs.parse(new String[] {"a, b=1/2", "c", "a=3/4/10"}, BigDecimal.ONE,
                BigDecimal.TEN, 99);
        assertThat(models).extracting(ModelInfo::id).containsExactly("a", "b", "c");
        assertThat(models.get(0).inputPricePerMTok()).isEqualByComparingTo("3");
        assertThat(models.get(2).outputPricePerMTok()).isEqualByComparingTo("10");
        assertThat(models.get(2).contextWindow()).isEqualTo(99);
        assertThat(ModelSpecs.parse((String[]) null)).isEmpty();
    }

    @Test
    public void rejectsMalformedEntriesNamingThem() {
        assertThatThrownBy(() -> ModelInfo.parse("m=1")).hasMessageContaining("'m=1'");
        assertThatThrownBy(() -> ModelInfo.parse("m=x/1")).hasMessageContaining("is not id=input/output");
        assertThatThrownBy(() -> ModelInfo.parse("m=-1/1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ModelInfo.parse("=1/1")).hasMessageContaining("no model id");
    }

    @Test
    public void costIsTokensTimesPricePerMillion() {
        assertThat(ModelInfo.text("m", "2.50", "10", 0).cost(1_000, 2_000)).isEqualByComparingTo("0.0225");
    }
}
