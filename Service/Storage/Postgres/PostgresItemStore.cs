using System.Data.Common;
using Npgsql;
using Switchyard.Items;

namespace Switchyard.Storage.Postgres;

public sealed class PostgresItemStore(NpgsqlDataSource dataSource, TimeProvider time) : IItemStore, IItemImport
{
    public async Task<Item> CreateAsync(ItemDraft draft, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var item = new Item(ItemId.New(), draft.Name, draft.Notes, 1, now, now);
        try
        {
            await using var command = dataSource.CreateCommand(PostgresSql.Insert);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.ParseExact(item.Id, "N") });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = item.Name });
            command.Parameters.Add(NullableText(item.Notes));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return item;
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<Item?> GetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(PostgresSql.SelectById);
            command.Parameters.Add(IdParameter(id));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadItem(reader) : null;
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<ItemPage> ListAsync(int limit, string? cursorId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(cursorId is null ? PostgresSql.SelectFirstPage : PostgresSql.SelectPageAfter);
            if (cursorId is not null)
            {
                command.Parameters.Add(IdParameter(cursorId));
            }

            // One row more than asked tells whether another page exists without a second query.
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
            var items = new List<Item>(limit + 1);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(ReadItem(reader));
            }

            if (items.Count <= limit)
            {
                return new ItemPage(items, null);
            }

            items.RemoveAt(limit);
            return new ItemPage(items, items[^1].Id);
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<WriteResult> UpdateAsync(string id, long? expectedVersion, ItemDraft draft, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(PostgresSql.Update);
            command.Parameters.Add(IdParameter(id));
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.Name });
            command.Parameters.Add(NullableText(draft.Notes));
            command.Parameters.Add(VersionParameter(expectedVersion));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.Now() });
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new WriteResult(WriteStatus.Done, ReadItem(reader));
                }
            }

            return await MissOutcomeAsync(id, cancellationToken);
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<WriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(PostgresSql.Delete);
            command.Parameters.Add(IdParameter(id));
            command.Parameters.Add(VersionParameter(expectedVersion));
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1
                ? new WriteResult(WriteStatus.Done)
                : await MissOutcomeAsync(id, cancellationToken);
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(e);
        }
    }

    public async Task<int> PutIfAbsentAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        var ids = new Guid[items.Count];
        var names = new string[items.Count];
        var notes = new string?[items.Count];
        var versions = new long[items.Count];
        var created = new DateTimeOffset[items.Count];
        var updated = new DateTimeOffset[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            ids[i] = ParseId(item.Id);
            (names[i], notes[i], versions[i], created[i], updated[i]) = (item.Name, item.Notes, item.Version, item.CreatedAt.ToUniversalTime(), item.UpdatedAt.ToUniversalTime());
        }

        return await Guard(dataSource, async () =>
        {
            await using var command = dataSource.CreateCommand(PostgresSql.InsertIfAbsent);
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
            command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = notes });
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = created });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = updated });
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }

    /// <summary>Runs one store call, turning an outage into <see cref="StoreUnavailableException"/>.</summary>
    internal static async Task<T> Guard<T>(NpgsqlDataSource dataSource, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsOutage(e))
        {
            throw Unavailable(dataSource, e);
        }
    }

    /// <summary>A conditional write touched no row: the item is gone, or its version moved on.</summary>
    private async Task<WriteResult> MissOutcomeAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PostgresSql.Exists);
        command.Parameters.Add(IdParameter(id));
        return await command.ExecuteScalarAsync(cancellationToken) is true ? WriteResult.Conflict : WriteResult.NotFound;
    }

    private static NpgsqlParameter<Guid> IdParameter(string id) => new() { TypedValue = Guid.ParseExact(id, "N") };

    private static Guid ParseId(string id) =>
        ItemId.IsValid(id) ? Guid.ParseExact(id, "N") : throw new ArgumentException($"'{id}' is not an item id ({ItemId.Length} lowercase hex digits).", nameof(id));

    /// <summary>The expected version, or NULL for a write that does not check it.</summary>
    private static NpgsqlParameter VersionParameter(long? expectedVersion) =>
        new() { Value = (object?)expectedVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint };

    private static NpgsqlParameter NullableText(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };

    private static Item ReadItem(DbDataReader reader) => new(
        reader.GetGuid(0).ToString("N"),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetInt64(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetFieldValue<DateTimeOffset>(5));

    /// <summary>
    /// Network errors, timeouts, an exhausted pool and the server shutting down are outages;
    /// any other server error is a bug and stays a 500.
    /// </summary>
    internal static bool IsOutage(Exception e) => e switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        _ => false,
    };

    private StoreUnavailableException Unavailable(Exception e) => Unavailable(dataSource, e);

    private static StoreUnavailableException Unavailable(NpgsqlDataSource dataSource, Exception e)
    {
        // Connections opened before a restart are dead; dropping them lets the next requests reconnect at once.
        dataSource.Clear();
        return new StoreUnavailableException("PostgreSQL is unreachable or did not answer in time.", e);
    }
}
