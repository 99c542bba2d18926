package dev.switchboard.store.internal;

import dev.switchboard.store.DirectoryStore;
import dev.switchboard.store.KeyStore;
import dev.switchboard.store.LimitStore;
import dev.switchboard.store.RouteStore;
import dev.switchboard.store.UsageLedger;
import dev.switchboard.store.UsageReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database, migrates its schema, starts the ledger writer and offers {@link UsageLedger},
 * {@link KeyStore}, {@link DirectoryStore} and {@link UsageReports} (one object) and {@link RouteStore}. It
 * registers its services itself: DS would copy the configuration, password included, into the service properties for anyone to read with {@code service:list}. On deactivate the services go
 * first, then the ledger drains, then the database closes.
 */
@Component(service = {}, configurationPid = "dev.switchboard.store")
@Designate(ocd = StoreConfig.class)
public final class StoreComponent {

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final Database database;
    private final LedgerWriter ledger;
    private final ServiceRegistration<?> registration;
    private final ServiceRegistration<RouteStore> routes;
    private final ServiceRegistration<LimitStore> limits;

    @Activate
    public StoreComponent(StoreConfig config, BundleContext context) throws SQLException, IOException {
        String url = config.url().isBlank() ? defaultUrl(dataDir()) : config.url().trim();
        this.database = Database.open(url, config.user(), config.password(), Math.max(2, config.max_connections()));
        try {
            SchemaMigrations.migrate(database);
            if (database.dialect() == Dialect.H2) {
                ownerOnly(url);
            }
            this.ledger = new LedgerWriter(database, Math.max(1, config.ledger_queue_capacity()),
                    Math.max(1, config.ledger_batch_size()), Math.max(1, config.ledger_flush_ms()));
            ledger.start();
        } catch (SQLException | IOException | RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info("Store open at {}", Database.redacted(url));
        this.registration = context.registerService(new String[] {UsageLedger.class.getName(), KeyStore.class.getName(),
                        DirectoryStore.class.getName(), UsageReports.class.getName()},
                new StoreServices(ledger, new JdbcKeyStore(database), new JdbcDirectoryStore(database),
                        new JdbcUsageReports(database)), null);
        this.routes = context.registerService(RouteStore.class, new JdbcRouteStore(database), null);
        this.limits = context.registerService(LimitStore.class, new JdbcLimitStore(database), null);
    }

    @Deactivate
    void deactivate() {
        limits.unregister();
        routes.unregister();
        registration.unregister();
        ledger.close();
        database.close();
        LOG.info("Store closed ({} usage entries written, {} dropped)", ledger.written(), ledger.dropped());
    }

    static Path dataDir() {
        return Path.of(System.getProperty("karaf.data", "data"), "switchboard");
    }

    /**
     * The embedded database: its files under the node's data folder, readable by the owner only. A page cache
     * of 4 MB rather than H2's 16 MB default: the ledger only appends (its keys ascend) and the key table is
     * small, so a bigger cache holds pages nobody reads again, and in the gateway's small heap every cached page
     * is more for the collector to trace (a ledger row cost about a quarter less CPU with it, measured on a
     * shared machine; docs/performance.md, session of 2026-12-01).
     */
    static String defaultUrl(Path dir) throws IOException {
        Files.createDirectories(dir);
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("store") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=4096";
    }

    /** H2 creates its files with the process's umask; the store holds key hashes and who spent what. */
    static void ownerOnly(String url) throws IOException {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return;
        }
        String base = url.substring(prefix.length()).split(";", 2)[0];
        Path db = Path.of(base).toAbsolutePath();
        String name = db.getFileName().toString();
        try (Stream<Path> files = Files.list(db.getParent())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(name + ".")) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions are all we have
        }
    }
}
