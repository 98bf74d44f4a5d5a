using System.Reflection;
using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>
/// Applies the SQL files embedded under Migrations/ in name order. All of it runs in one
/// transaction that first takes a transaction-scoped advisory lock, so instances starting
/// together queue up and each migration is applied exactly once; a failed migration
/// leaves nothing behind.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator> logger)
{
    private const string ResourcePrefix = "Migrations.";

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

        await using (var lockCommand = new NpgsqlCommand(PostgresSql.LockMigrations, connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresSql.MigrationLockId });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(PostgresSql.CreateMigrationsTable, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        HashSet<string> applied;
        await using (var select = new NpgsqlCommand(PostgresSql.SelectAppliedMigrations, connection, transaction))
        {
            applied = await ReadAppliedAsync(select, cancellationToken);
        }

        var newlyApplied = new List<string>();
        foreach (var (id, sql) in Embedded.Where(m => !applied.Contains(m.Id)))
        {
            await using (var migrate = new NpgsqlCommand(sql, connection, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = new NpgsqlCommand(PostgresSql.RecordMigration, connection, transaction))
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
