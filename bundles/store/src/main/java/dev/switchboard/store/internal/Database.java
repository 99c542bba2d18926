package dev.switchboard.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.ConnectionPoolDataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The store's connections: H2's own small pool ({@link JdbcConnectionPool}, already in the H2 bundle, no
 * further dependency) over H2's or PostgreSQL's pooled data source. Closing it closes every connection,
 * which closes an embedded H2 database.
 */
final class Database implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private final Dialect dialect;

    private Database(JdbcConnectionPool pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    static Database open(String url, String user, String password, int maxConnections) {
        Dialect dialect = Dialect.of(url);
        ConnectionPoolDataSource source = switch (dialect) {
            case H2 -> h2(url, user, password);
            case POSTGRESQL -> PostgresSource.create(url, user, password);
        };
        JdbcConnectionPool pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(maxConnections);
        return new Database(pool, dialect);
    }

    private static ConnectionPoolDataSource h2(String url, String user, String password) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        source.setUser(user);
        source.setPassword(password);
        return source;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Connections taken from the pool and not yet given back. */
    int activeConnections() {
        return pool.getActiveConnections();
    }

    Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        pool.dispose();
    }

    /** The URL without anything after '?' or ';' (where a password could be), for the log. */
    static String redacted(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }
}
