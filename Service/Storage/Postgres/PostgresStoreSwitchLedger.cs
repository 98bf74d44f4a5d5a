using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>The store switch's lease and completion in the <c>store_switch</c> table, beside (never among) the items.</summary>
public sealed class PostgresStoreSwitchLedger(NpgsqlDataSource dataSource) : IStoreSwitchLedger
{
    public async Task<StoreSwitchRecord?> ReadAsync(string source, CancellationToken cancellationToken) =>
        await PostgresItemStore.Guard(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand(PostgresSql.SelectSwitch);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new StoreSwitchRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetFieldValue<DateTimeOffset>(2),
                    reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4))
                : null;
        });

    public async Task<bool> TryHoldLeaseAsync(string source, string copier, DateTimeOffset now, DateTimeOffset until, long copied, CancellationToken cancellationToken) =>
        await PostgresItemStore.Guard(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand(PostgresSql.HoldSwitchLease);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = copier });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = until });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = copied });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        });

    public async Task MarkCompleteAsync(string source, DateTimeOffset at, long copied, CancellationToken cancellationToken) =>
        await PostgresItemStore.Guard(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand(PostgresSql.CompleteSwitch);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = source });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = copied });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
}
