using System.Reflection;
using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Applies the SQL files embedded under Migrations/ in name order. All of it runs in one
/// transaction that first takes a transaction-scoped advisory lock, so instances starting
/// together queue up and each migration is applied exactly once; a failed migration
/// leaves nothing behind. Its statements, the wait for the lock among them, run under
/// <paramref name="timeout"/> (<see cref="DefaultTimeout"/> unless given), not the data source's
/// command timeout, which is a request's: waiting for another instance's migrations, or a
/// migration of a large table, takes longer than a request may, and is no outage.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger, TimeSpan? timeout = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    private const string ResourcePrefix = "Migrations.";

    private readonly int _timeoutSeconds = (int)Math.Ceiling((timeout ?? DefaultTimeout).TotalSeconds);

    public static IReadOnlyList<(string Id, string Sql)> Embedded { get; } = LoadEmbedded();

    /// <returns>The ids of the migrations this call applied (empty when the schema was current).</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        // The usual start: everything is applied already. One query, no transaction and no lock.
        if (await IsCurrentAsync(cancellationToken))
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (!await LockAsync(PostgresSql.TryLockMigrations, connection, transaction, cancellationToken))
        {
            logger.LogInformation("Another instance is applying migrations; waiting up to {Timeout} s for its lock", _timeoutSeconds);
            await LockAsync(PostgresSql.LockMigrations, connection, transaction, cancellationToken);
        }

        await using (var create = Command(PostgresSql.CreateMigrationsTable, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        HashSet<string> applied;
        await using (var select = Command(PostgresSql.SelectAppliedMigrations, connection, transaction))
        {
            applied = await ReadAppliedAsync(select, cancellationToken);
        }

        var newlyApplied = new List<string>();
        foreach (var (id, sql) in Embedded.Where(m => !applied.Contains(m.Id)))
        {
            await using (var migrate = Command(sql, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = Command(PostgresSql.RecordMigration, connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            newlyApplied.Add(id);
        }

        await transaction.CommitAsync(cancellationToken);
        if (newlyApplied.Count > 0)
        {
            logger.LogInformation("Applied migrations {Migrations}", newlyApplied);
        }

        return newlyApplied;
    }

    private async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var select = dataSource.CreateCommand(PostgresSql.SelectAppliedMigrations);
            var applied = await ReadAppliedAsync(select, cancellationToken);
            return Embedded.All(migration => applied.Contains(migration.Id));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
    }

    /// <returns>Whether the lock was taken: always for the waiting lock, at once or never for the trying one.</returns>
    private async Task<bool> LockAsync(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresSql.MigrationLockId });
        return await command.ExecuteScalarAsync(cancellationToken) is not false;
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        new(sql, connection, transaction) { CommandTimeout = _timeoutSeconds };

    private static async Task<HashSet<string>> ReadAppliedAsync(NpgsqlCommand select, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetString(0));
        }

        return applied;
    }

    private static List<(string, string)> LoadEmbedded()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (name[ResourcePrefix.Length..^".sql".Length], Read(assembly, name)))
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
