package dev.switchboard.rest.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

/** The one rule both planes apply to a body refused as too large (413). */
public class RefusedBodyTest {

    private static final long LIMIT = 65_536;

    @Test
    public void aDeclaredBodyIsDrainedWhenItEndsAtMostTheBoundPastTheLimit() {
        assertThat(RefusedBody.drains(LIMIT + 1, LIMIT)).isTrue();
        assertThat(RefusedBody.drains(LIMIT + RefusedBody.MAX_DRAIN_BYTES, LIMIT)).isTrue();
        assertThat(RefusedBody.drains(LIMIT + RefusedBody.MAX_DRAIN_BYTES + 1, LIMIT)).isFalse();
    }

    @Test
    public void aChunkedBodyIsDrainedUpToTheBoundPastTheLimit() {
        assertThat(RefusedBody.drains(-1, LIMIT)).isTrue();
        // the bound counts from the limit, whatever was read when the body was refused
        assertThat(RefusedBody.dropAllowance(LIMIT, 0)).isEqualTo(LIMIT + RefusedBody.MAX_DRAIN_BYTES);
        assertThat(RefusedBody.dropAllowance(LIMIT, LIMIT + 1)).isEqualTo(RefusedBody.MAX_DRAIN_BYTES - 1);
        assertThat(RefusedBody.dropAllowance(LIMIT, LIMIT + RefusedBody.MAX_DRAIN_BYTES + 5)).isZero();
    }
}
