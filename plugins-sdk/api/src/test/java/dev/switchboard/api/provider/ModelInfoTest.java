package dev.switchboard.api.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.chat.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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

    @Test
    public void parsesCachePricesAfterTheContextWhichMayBeLeftEmpty() {
        ModelInfo model = ModelInfo.parse("claude=3/15/200000/0.30/3.75");
        assertThat(model.cachedInputPricePerMTok()).isEqualByComparingTo("0.30");
        assertThat(model.cacheWritePricePerMTok()).isEqualByComparingTo("3.75");
        ModelInfo noWindow = ModelInfo.parse("gpt-4o=2.50/10//1.25");
        assertThat(noWindow.contextWindow()).isZero();
        assertThat(noWindow.cachedInputPricePerMTok()).isEqualByComparingTo("1.25");
        assertThat(noWindow.cacheWritePricePerMTok()).as("not listed: the input price").isEqualByComparingTo("2.50");
        assertThat(ModelInfo.parse("m=1/2/10").cachedInputPricePerMTok()).isEqualByComparingTo("1");
        assertThatThrownBy(() -> ModelInfo.parse("m=1/2/3/-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ModelInfo.parse("m=1/2/3/4/5/6")).hasMessageContaining("'m=1/2/3/4/5/6'");
    }

    @Test
    public void cachedInputIsPricedApartAndReasoningIsNotCountedTwice() {
        ModelInfo model = ModelInfo.parse("gpt-4o=2.50/10.00/128000/1.25");
        // 1000 prompt tokens of which 800 cached; 500 completion tokens of which 300 reasoning
        Usage usage = new Usage(1_000, 500, 800, 0, 300, Map.of());

        // 200 x 2.50 + 800 x 1.25 + 500 x 10 = 500 + 1000 + 5000 = 6500 per 1M
        assertThat(model.cost(usage)).isEqualByComparingTo("0.0065");
        assertThat(model.cost(new Usage(1_000, 500))).isEqualByComparingTo(model.cost(1_000, 500));
    }

    @Test
    public void cacheWritesHaveTheirOwnPriceAndOddReportsAreCappedAtThePrompt() {
        ModelInfo model = ModelInfo.parse("claude=3/15/200000/0.30/3.75");
        // 100 uncached x 3 + 1000 read x 0.30 + 2000 written x 3.75 + 10 x 15 = 300 + 300 + 7500 + 150
        assertThat(model.cost(new Usage(3_100, 10, 1_000, 2_000, 0, Map.of()))).isEqualByComparingTo("0.00825");
        // more cached than prompt: all of the prompt at the cached price, nothing negative
        assertThat(model.cost(new Usage(100, 0, 500, 500, 0, Map.of()))).isEqualByComparingTo("0.00003");
    }

    @Test
    public void parsesAPricePerSecondOfVideoAndKeepsItThroughTheOtherAttributes() {
        ModelInfo model = ModelInfo.parse("sora-2=1/0;video.second=0.10;modalities=text+video;max.output=5");
        assertThat(model.pricePerVideoSecond()).isEqualByComparingTo("0.10");
        assertThat(model.handles(Modality.VIDEO)).isTrue();
        assertThat(model.videoCost(8)).isEqualByComparingTo("0.80");
        assertThat(model.videoCost(0)).isEqualByComparingTo("0");
        assertThat(model.withCachedInputPrice("0.5").pricePerVideoSecond()).isEqualByComparingTo("0.10");
        assertThat(ModelInfo.parse("m=1/2").pricePerVideoSecond()).isEqualByComparingTo("0");
        assertThatThrownBy(() -> ModelInfo.parse("m=1/2;video.second=-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ModelInfo.parse("m=1/2;video.second=x")).hasMessageContaining("bad number");
    }

    @Test
    public void theConstructorWithoutAVideoPriceStillBuildsAFreeVideoModel() {
        ModelInfo model = new ModelInfo("m", "m", BigDecimal.ONE, BigDecimal.ONE, 0, null, null, null, 10,
                BigDecimal.ONE, BigDecimal.ONE);
        assertThat(model.pricePerVideoSecond()).isEqualByComparingTo("0");
        assertThat(model.withVideoPrice(new BigDecimal("0.2")).videoCost(2.5)).isEqualByComparingTo("0.5");
    }
}
