namespace Switchyard.Storage.Postgres;

/// <summary>Every statement the PostgreSQL store runs, in one place. Parameters only; no text is ever spliced in.</summary>
internal static class PostgresSql
{
    private const string Columns = "id, name, notes, version, created_at, updated_at";

    public const string Insert =
        "INSERT INTO items (id, name, notes, version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)";

    public const string SelectById = $"SELECT {Columns} FROM items WHERE id = $1";

    public const string SelectFirstPage = $"SELECT {Columns} FROM items ORDER BY id LIMIT $1";

    public const string SelectPageAfter = $"SELECT {Columns} FROM items WHERE id > $1 ORDER BY id LIMIT $2";

    /// <summary>$4 is the expected version, or NULL for an unconditional replace.</summary>
    public const string Update =
        $"UPDATE items SET name = $2, notes = $3, version = version + 1, updated_at = $5 " +
        $"WHERE id = $1 AND ($4::bigint IS NULL OR version = $4) RETURNING {Columns}";

    public const string Delete = "DELETE FROM items WHERE id = $1 AND ($2::bigint IS NULL OR version = $2)";

    /// <summary>Tells a version conflict from a missing row after a conditional write touched nothing.</summary>
    public const string Exists = "SELECT EXISTS (SELECT 1 FROM items WHERE id = $1)";

    /// <summary>
    /// Many whole items in one statement, one array per column: each row whose id is stored
    /// already is skipped and the stored row left as it is. The row count is how many were written.
    /// </summary>
    public const string InsertIfAbsent =
        $"INSERT INTO items ({Columns}) " +
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[], $6::timestamptz[]) " +
        "ON CONFLICT (id) DO NOTHING";

    private const string SwitchColumns = "source, copier, lease_expires_at, copied, completed_at";

    public const string SelectSwitch = $"SELECT {SwitchColumns} FROM store_switch WHERE source = $1";

    /// <summary>
    /// Takes the lease when there is no row, renews it for its holder, and takes it over when it
    /// expired before $5; never once the copy is complete. One row affected means the lease is held.
    /// </summary>
    public const string HoldSwitchLease =
        "INSERT INTO store_switch (source, copier, lease_expires_at, copied) VALUES ($1, $2, $3, $4) " +
        "ON CONFLICT (source) DO UPDATE SET copier = EXCLUDED.copier, lease_expires_at = EXCLUDED.lease_expires_at, copied = EXCLUDED.copied " +
        "WHERE store_switch.completed_at IS NULL AND (store_switch.copier = EXCLUDED.copier OR store_switch.lease_expires_at < $5)";

    public const string CompleteSwitch =
        "UPDATE store_switch SET completed_at = $2, copied = $3 WHERE source = $1 AND completed_at IS NULL";

    /// <summary>One lock id for the whole schema: instances starting together apply migrations one at a time.</summary>
    public const long MigrationLockId = 0x5377_6974_6368_7964; // "Switchyd"

    public const string LockMigrations = "SELECT pg_advisory_xact_lock($1)";

    public const string TryLockMigrations = "SELECT pg_try_advisory_xact_lock($1)";

    public const string CreateMigrationsTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())";

    public const string SelectAppliedMigrations = "SELECT id FROM schema_migrations";

    public const string RecordMigration = "INSERT INTO schema_migrations (id) VALUES ($1)";
}
