using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Switchyard.Storage.Postgres;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Contract;

/// <summary>Embedded migrations: each applied exactly once however many instances start together.</summary>
public sealed class PostgresMigrationTests
{
    [Test]
    public async Task Several_instances_migrating_one_fresh_database_at_once_apply_each_migration_once()
    {
        var server = await TestServers.Postgres;
        var database = await server.CreateDatabaseAsync("migrate");
        var sources = Enumerable.Range(0, 6).Select(_ => PostgresRegistration.CreateDataSource(server.Options(database))).ToList();
        try
        {
            var applied = await Task.WhenAll(sources.Select(source =>
                new PostgresMigrator(source, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None)));

            Assert.That(applied.Count(ids => ids.Count > 0), Is.EqualTo(1), "exactly one instance applied the migrations");
            Assert.That(applied.Single(ids => ids.Count > 0), Is.EqualTo(PostgresMigrator.Embedded.Select(m => m.Id)));
            await using var check = server.DataSource(database);
            Assert.That(await ScalarAsync(check, "SELECT count(*) FROM schema_migrations"), Is.EqualTo(PostgresMigrator.Embedded.Count));
            Assert.That(await ScalarAsync(check, "SELECT count(*) FROM items"), Is.Zero);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }

            await server.DropDatabaseAsync(database);
        }
    }

    [Test]
    public async Task Migrating_a_current_database_applies_nothing()
    {
        var server = await TestServers.Postgres;
        var database = await server.CreateDatabaseAsync("migrate");
        await using (var source = PostgresRegistration.CreateDataSource(server.Options(database)))
        {
            var migrator = new PostgresMigrator(source, NullLogger<PostgresMigrator>.Instance);
            Assert.That(await migrator.MigrateAsync(CancellationToken.None), Is.Not.Empty);
            Assert.That(await migrator.MigrateAsync(CancellationToken.None), Is.Empty);
        }

        await server.DropDatabaseAsync(database);
    }

    [Test]
    public void Migrations_are_embedded_in_name_order()
    {
        var ids = PostgresMigrator.Embedded.Select(m => m.Id).ToList();

        Assert.That(ids, Is.Not.Empty.And.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(ids[0], Is.EqualTo("0001_create_items"));
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
