package dev.switchboard.core.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.grid.ClusterSecret;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class SignedRecordsTest {

    private final SignedRecords records = new SignedRecords(KeyRingTest.SECRET);
    private final String json = new KeyRecord("key_1", "n", "t", true, 1L).toJson();

    @Test
    public void aSignedRecordVerifiesUnderItsKey() {
        assertThat(records.verify("abc", records.sign("abc", json))).contains(json);
    }

    @Test
    public void anyChangeBreaksTheSignature() {
        String signed = records.sign("abc", json);
        assertThat(records.verify("abd", signed)).as("another map key").isEmpty();
        assertThat(records.verify("abc", signed.replace("\"admin\":true", "\"admin\":false"))).isEmpty();
        assertThat(records.verify("abc", json)).as("unsigned").isEmpty();
        assertThat(records.verify("abc", "s1." + json)).isEmpty();
        assertThat(records.verify("abc", "s1.!!!." + json)).isEmpty();
        assertThat(records.verify("abc", null)).isEmpty();
        assertThat(new SignedRecords(ClusterSecret.of("some-other-install-secret".getBytes(StandardCharsets.UTF_8)))
                .verify("abc", signed)).as("another secret").isEmpty();
    }

    @Test
    public void theKeyAndTheJsonCannotBeShiftedIntoEachOther() {
        String signed = records.sign("ab", "c" + json);
        String moved = "s1." + signed.substring(3, signed.indexOf('.', 3)) + "." + json;
        assertThat(records.verify("abc", moved)).isEmpty();
    }
}
