package dev.switchboard.store.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JdbcRouteStoreTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void routesSurviveARestartReplacedAndRemoved() throws Exception {
        Path dir = folder.newFolder().toPath();
        try (Database database = StoreFixtures.h2(dir)) {
            JdbcRouteStore routes = new JdbcRouteStore(database);
            routes.putRoute("smart", "s1.a.{\"v\":1}", 1);
            routes.putRoute("smart", "s1.b.{\"v\":2}", 2);
            routes.putRoute("cheap", "s1.c.{}", 3);
            assertTrue(routes.removeRoute("cheap"));
            assertFalse("already gone", routes.removeRoute("cheap"));
        }
        try (Database database = StoreFixtures.h2(dir)) {
            assertEquals(Map.of("smart", "s1.b.{\"v\":2}"), new JdbcRouteStore(database).routes());
        }
    }
}
