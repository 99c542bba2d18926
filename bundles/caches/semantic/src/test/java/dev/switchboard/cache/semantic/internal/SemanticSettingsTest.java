package dev.switchboard.cache.semantic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.Test;

public class SemanticSettingsTest {

    @Test
    public void modelsFromACfgLineWithPrefixes() {
        SemanticSettings settings = settings("e", 0.9, "gpt-4o-mini, faq-*");

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.serves("gpt-4o-mini")).isTrue();
        assertThat(settings.serves("faq-bot")).isTrue();
        assertThat(settings.serves("gpt-4o")).isFalse();
    }

    @Test
    public void offWithoutAnEmbeddingModelOrModels() {
        assertThat(settings("", 0.9, "m").enabled()).isFalse();
        assertThat(settings("e", 0.9).enabled()).isFalse();
        assertThat(settings("e", 0.9, " , ").enabled()).isFalse();
    }

    @Test
    public void aThresholdNeverMatchesEverything() {
        assertThat(settings("e", 0, "m").threshold()).isEqualTo(0.95);
        assertThat(settings("e", Double.NaN, "m").threshold()).isEqualTo(0.95);
        assertThat(settings("e", 3, "m").threshold()).isEqualTo(1.0);
    }

    private static SemanticSettings settings(String embeddingModel, double threshold, String... models) {
        return SemanticSettings.of(embeddingModel, models, threshold, Duration.ZERO, 10, Duration.ZERO, 100);
    }
}
