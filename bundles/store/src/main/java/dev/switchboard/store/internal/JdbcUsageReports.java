package dev.switchboard.store.internal;

import dev.switchboard.store.UsageQuery;
import dev.switchboard.store.UsageQuery.Dimension;
import dev.switchboard.store.UsageReports;
import dev.switchboard.store.UsageRow;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage reports as one {@code SELECT ... GROUP BY} over the ledger, portable between H2 and PostgreSQL
 * ({@code PERCENTILE_CONT ... WITHIN GROUP} is in both). Dimensions and filters come from fixed column names,
 * values only as parameters, so nothing a client sends becomes SQL text. Rows go to the sink as they are read,
 * with a fetch size, so a long report is never held in memory (PostgreSQL fetches in chunks only inside a
 * transaction, hence auto-commit off for the read).
 */
final class JdbcUsageReports implements UsageReports {

    private static final long DAY_MILLIS = 86_400_000L;
    private static final int FETCH_SIZE = 500;
    private static final String SUMS = "COUNT(*),"
            + " SUM(CASE WHEN status <> 'ok' THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN cache_level IS NULL THEN 0 ELSE 1 END),"
            + " SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens), SUM(reasoning_tokens),"
            + " SUM(cost), SUM(saved_cost), AVG(CAST(latency_ms AS DOUBLE PRECISION)),"
            + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY latency_ms)";

    private final Database database;

    JdbcUsageReports(Database database) {
        this.database = database;
    }

    @Override
    public int report(UsageQuery query, RowSink sink) throws IOException {
        List<String> groups = new ArrayList<>();
        for (Dimension dimension : query.groupBy()) {
            groups.add(expression(dimension));
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String group : groups) {
            sql.append(group).append(", ");
        }
        sql.append(SUMS).append(" FROM usage_ledger");
        List<Object> parameters = where(query, sql);
        if (!groups.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", groups)).append(" ORDER BY ");
            for (int i = 0; i < groups.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(groups.get(i)).append(" NULLS FIRST");
            }
        }
        sql.append(" LIMIT ? OFFSET ?");
        parameters.add((long) query.limit());
        parameters.add((long) query.offset());
        try (Connection connection = database.connection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                bind(statement, parameters);
                statement.setFetchSize(FETCH_SIZE);
                int sent = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        sink.accept(row(rows, query.groupBy()));
                        sent++;
                    }
                }
                return sent;
            } finally {
                connection.rollback(); // a read: nothing to keep
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public UsageRow totals(UsageQuery query) {
        UsageQuery all = new UsageQuery(query.fromMillis(), query.toMillis(), List.of(), query.tenant(),
                query.keyId(), query.model(), query.providerType(), query.endpoint(), query.requestId(), 0, 1);
        UsageRow[] total = new UsageRow[1];
        try {
            report(all, row -> total[0] = row);
        } catch (IOException e) {
            throw new IllegalStateException(e); // the sink above throws nothing
        }
        return total[0];
    }

    private static String expression(Dimension dimension) {
        return dimension == Dimension.DAY ? "(at_millis / " + DAY_MILLIS + ")" : dimensionColumn(dimension);
    }

    private static String dimensionColumn(Dimension dimension) {
        return switch (dimension) {
            case TENANT -> "tenant";
            case KEY -> "key_id";
            case MODEL -> "model";
            case PROVIDER -> "provider_type";
            case INSTANCE -> "instance";
            case ENDPOINT -> "endpoint";
            case STATUS -> "status";
            case DAY -> throw new IllegalArgumentException("day is an expression");
        };
    }

    private static List<Object> where(UsageQuery query, StringBuilder sql) {
        List<Object> parameters = new ArrayList<>();
        sql.append(" WHERE at_millis >= ? AND at_millis < ?");
        parameters.add(query.fromMillis());
        parameters.add(query.toMillis());
        filter(sql, parameters, "tenant", query.tenant());
        filter(sql, parameters, "key_id", query.keyId());
        filter(sql, parameters, "model", query.model());
        filter(sql, parameters, "provider_type", query.providerType());
        filter(sql, parameters, "endpoint", query.endpoint());
        // the primary key: one row at most, found through the index whatever the range
        filter(sql, parameters, "request_id", query.requestId());
        return parameters;
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }

    private static UsageRow row(ResultSet rows, List<Dimension> dimensions) throws SQLException {
        List<String> group = new ArrayList<>(dimensions.size());
        int column = 1;
        for (Dimension dimension : dimensions) {
            if (dimension == Dimension.DAY) {
                long day = rows.getLong(column);
                group.add(rows.wasNull() ? null : LocalDate.ofEpochDay(day).toString());
            } else {
                group.add(rows.getString(column));
            }
            column++;
        }
        return new UsageRow(group, rows.getLong(column), rows.getLong(column + 1), rows.getLong(column + 2),
                rows.getLong(column + 3), rows.getLong(column + 4), rows.getLong(column + 5),
                rows.getLong(column + 6), decimal(rows.getBigDecimal(column + 7)),
                decimal(rows.getBigDecimal(column + 8)), rows.getDouble(column + 9), rows.getDouble(column + 10));
    }

    private static BigDecimal decimal(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    /** The database's message only: a driver's message names tables, never the URL or the password. */
    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("usage report failed: " + e.getMessage(), e);
    }
}
