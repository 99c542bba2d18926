package dev.switchboard.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class RequestIdsTest {

    @Test
    public void idsAscendWithTimeSoTheLedgerAppendsToTheEndOfItsIndex() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(RequestIds.next());
            Thread.sleep(2);
        }
        assertThat(ids).isSorted();
    }

    @Test
    public void theTimeComesFirstAndTheRestIsRandom() {
        long before = System.currentTimeMillis();
        String id = RequestIds.next();
        long after = System.currentTimeMillis();
        assertThat(id).matches("req_[0-9a-f]{24}");
        assertThat(Long.parseLong(id.substring(4, 16), 16)).isBetween(before, after);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(RequestIds.next());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    public void digitsAreTheTimeThenTheRandomPart() {
        assertThat(RequestIds.next(0x0123456789abL, 0xfedcba987654L)).isEqualTo("req_0123456789abfedcba987654");
    }
}
