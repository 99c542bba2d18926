package dev.switchboard.store.internal;

/**
 * What differs between the two databases: only the idempotent writes (H2's MERGE ... KEY, PostgreSQL's
 * ON CONFLICT). Everything else is portable SQL.
 *
 * <p>The ledger has two inserts: {@code insertUsage}, the one every batch tries first, and {@code mergeUsage},
 * idempotent on the request id, for a batch the first failed (a retry, or a request booked twice). On H2 a
 * plain INSERT is the cheaper one (MERGE looks every key up before it writes); PostgreSQL's ON CONFLICT costs
 * the same as its INSERT and never fails a batch on a duplicate, so it is both.
 */
enum Dialect {

    H2("INSERT INTO usage_ledger (" + Columns.LEDGER + ") VALUES (" + Columns.LEDGER_PARAMS + ")",
            "MERGE INTO usage_ledger (" + Columns.LEDGER + ") KEY (request_id) VALUES (" + Columns.LEDGER_PARAMS + ")",
            "MERGE INTO api_keys (keyed_hash, key_id, record, created_at, revoked_at) KEY (keyed_hash)"
                    + " VALUES (?, ?, ?, ?, NULL)"),
    POSTGRESQL(Columns.POSTGRES_LEDGER, Columns.POSTGRES_LEDGER,
            "INSERT INTO api_keys (keyed_hash, key_id, record, created_at, revoked_at) VALUES (?, ?, ?, ?, NULL)"
                    + " ON CONFLICT (keyed_hash) DO UPDATE SET key_id = EXCLUDED.key_id, record = EXCLUDED.record,"
                    + " created_at = EXCLUDED.created_at, revoked_at = NULL");

    final String insertUsage;
    final String mergeUsage;
    final String upsertKey;

    Dialect(String insertUsage, String mergeUsage, String upsertKey) {
        this.insertUsage = insertUsage;
        this.mergeUsage = mergeUsage;
        this.upsertKey = upsertKey;
    }

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported store URL (jdbc:h2: or jdbc:postgresql: expected)");
    }

    private static final class Columns {
        static final String LEDGER = "request_id, at_millis, tenant, key_id, model, provider_type, instance,"
                + " prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, cost, latency_ms, status, error_code,"
                + " endpoint, images, audio_seconds, project, user_id, session_id, tags,"
                + " cache_level, saved_cost";
        static final String LEDGER_PARAMS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
        static final String POSTGRES_LEDGER = "INSERT INTO usage_ledger (" + LEDGER + ") VALUES (" + LEDGER_PARAMS + ")"
                + " ON CONFLICT (request_id) DO NOTHING";
    }
}
