package dev.switchboard.store.internal;

import javax.sql.ConnectionPoolDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

/** Apart so the (optionally imported) PostgreSQL driver is loaded only when a PostgreSQL URL is configured. */
final class PostgresSource {

    private PostgresSource() {
    }

    static ConnectionPoolDataSource create(String url, String user, String password) {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(url);
        if (!user.isEmpty()) {
            source.setUser(user);
        }
        if (!password.isEmpty()) {
            source.setPassword(password);
        }
        return source;
    }
}
