package dev.switchboard.provider.mock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.provider.ErrorCode;
import java.util.Map;
import org.junit.Test;

public class MockSettingsTest {

    @Test
    public void defaultsWhenNothingIsSet() {
        assertThat(MockSettings.from(Map.of())).isEqualTo(MockSettings.DEFAULTS);
        assertThat(MockSettings.DEFAULTS.errorCode()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    public void readsEveryKey() {
        MockSettings settings = MockSettings.from(Map.of("latency.ms", "25", "stream.chunk.delay.ms", "5",
                "error.rate", "0.5", "error.code", "rate_limit", "error.seed", "42", "error.retry.after.ms", "1500"));

        assertThat(settings).isEqualTo(new MockSettings(25, 5, 0.5, ErrorCode.RATE_LIMIT, 42L, 1500));
    }

    @Test
    public void roundTripsThroughInstanceSettings() {
        MockSettings settings = new MockSettings(25, 5, 0.5, ErrorCode.TIMEOUT, 42L, 0);

        assertThat(MockSettings.from(settings.toMap())).isEqualTo(settings);
        assertThat(MockSettings.from(MockSettings.DEFAULTS.toMap())).isEqualTo(MockSettings.DEFAULTS);
    }

    @Test
    public void namesTheKeyThatIsWrong() {
        assertThatThrownBy(() -> MockSettings.from(Map.of("latency.ms", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency.ms");
        assertThatThrownBy(() -> MockSettings.from(Map.of("latency.ms", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency.ms");
        assertThatThrownBy(() -> MockSettings.from(Map.of("error.rate", "1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error.rate");
        assertThatThrownBy(() -> MockSettings.from(Map.of("error.rate", "NaN")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error.rate");
        assertThatThrownBy(() -> MockSettings.from(Map.of("error.code", "OOPS")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error.code");
    }
}
