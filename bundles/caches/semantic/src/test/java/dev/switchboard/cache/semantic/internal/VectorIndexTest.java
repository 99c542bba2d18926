package dev.switchboard.cache.semantic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class VectorIndexTest {

    private final VectorIndex<String> index = new VectorIndex<>(10, 0, () -> 0L);

    @Test
    public void findsTheMostSimilarEntryOfItsPartitionOnly() {
        index.put("p", "k1", new float[] {1, 0}, "east", 0);
        index.put("p", "k2", new float[] {0.6f, 0.8f}, "north-east", 0);
        index.put("q", "k3", new float[] {0.7f, 0.7f}, "other partition", 0);

        assertThat(index.nearest("p", new float[] {0.5f, 0.6f}, 0.9)).isEqualTo("north-east");
        assertThat(index.nearest("p", new float[] {0, 1}, 0.9)).isNull();
        assertThat(index.nearest("none", new float[] {1, 0}, 0.1)).isNull();
    }

    @Test
    public void similarityIsScaleFreeAndOtherDimensionsNeverMatch() {
        index.put("p", "k", new float[] {3, 4}, "v", 0);

        assertThat(index.nearest("p", new float[] {30, 40}, 1.0 - 1e-6)).isEqualTo("v");
        assertThat(index.nearest("p", new float[] {3, 4, 0}, 0.1)).isNull();
    }

    @Test
    public void zeroOrBrokenVectorsAreNeitherStoredNorMatched() {
        index.put("p", "zero", new float[] {0, 0}, "v", 0);
        index.put("p", "nan", new float[] {Float.NaN, 1}, "v", 0);

        assertThat(index.size()).isZero();
        assertThat(index.nearest("p", new float[] {0, 0}, 0.1)).isNull();
    }

    @Test
    public void aKeyStoredAgainReplacesItsEntry() {
        index.put("p", "k", new float[] {1, 0}, "old", 0);
        index.put("p", "k", new float[] {0, 1}, "new", 0);

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.nearest("p", new float[] {1, 0}, 0.9)).isNull();
        assertThat(index.nearest("p", new float[] {0, 1}, 0.9)).isEqualTo("new");
    }

    @Test
    public void removesByKey() {
        index.put("p", "a1", new float[] {1, 0}, "v", 0);
        index.put("p", "b1", new float[] {0, 1}, "w", 0);

        assertThat(index.removeKeys(key -> key.startsWith("a"))).isEqualTo(1);
        assertThat(index.nearest("p", new float[] {1, 0}, 0.9)).isNull();
        assertThat(index.size()).isEqualTo(1);
    }
}
