using Microsoft.Extensions.Options;
using Npgsql;

namespace Switchyard.Storage.Postgres;

public static class PostgresRegistration
{
    public static IServiceCollection AddPostgresItemStore(this IServiceCollection services)
    {
        services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(provider => CreateDataSource(provider.GetRequiredService<IOptions<PostgresOptions>>().Value, provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<PostgresItemStore>();
        services.AddKeyedSingleton<IItemStore>(StoreRegistration.Target, (provider, _) => provider.GetRequiredService<PostgresItemStore>());
        services.AddSingleton<IItemImport>(provider => provider.GetRequiredService<PostgresItemStore>());
        services.AddSingleton<IStoreSwitchLedger, PostgresStoreSwitchLedger>();
        services.AddSingleton(provider => new PostgresMigrator(
            provider.GetRequiredService<NpgsqlDataSource>(),
            provider.GetRequiredService<ILogger<PostgresMigrator>>(),
            TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PostgresOptions>>().Value.MigrationTimeoutSeconds)));
        services.AddStoreStartup<PostgresStartup>();
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(PostgresOptions options, ILoggerFactory? loggerFactory = null)
    {
        var credentials = PostgresCredentials.Parse(options.Credentials);
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = options.Host,
            Port = options.Port,
            Database = options.Database,
            Username = credentials.Username,
            Password = credentials.Password,
            MaxPoolSize = options.MaxPoolSize,
            Timeout = options.ConnectTimeoutSeconds,
            CommandTimeout = options.CommandTimeoutSeconds,
            ApplicationName = "switchyard",
            // Every statement is one of a handful: prepare them once per connection.
            MaxAutoPrepare = 16,
            AutoPrepareMinUsages = 2,
            // No statement changes session state (no SET, LISTEN, temp tables or session locks; the
            // migration lock is transaction-scoped), so a connection going back to the pool needs no
            // reset. The reset is seven statements sent ahead of the next command: on a single-row
            // read that is most of the database's work.
            NoResetOnClose = true,
            // Concurrent requests share a few connections, their commands written and read in
            // batches: far fewer round trips and context switches per request than one
            // connection per request (see bench/README.md). Transactions (the migrations) still
            // get a connection of their own.
            Multiplexing = true,
        };
        var builder = new NpgsqlDataSourceBuilder(connection.ConnectionString);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    /// <summary>
    /// Applies migrations before the service serves a request. A database that is still starting
    /// is waited for (bounded, with progress in the log); anything else stops start-up with its message.
    /// </summary>
    private sealed class PostgresStartup(PostgresMigrator migrator, IOptions<PostgresOptions> options, TimeProvider time, ILogger<PostgresStartup> logger)
        : IStoreStartupWork
    {
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var settings = options.Value;
            var deadline = time.GetUtcNow().AddSeconds(settings.StartupRetrySeconds);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await migrator.MigrateAsync(cancellationToken);
                    return;
                }
                catch (Exception e) when (PostgresItemStore.IsOutage(e) && time.GetUtcNow() < deadline)
                {
                    logger.LogWarning("PostgreSQL at {Host}:{Port} is not reachable yet (attempt {Attempt}: {Reason}); retrying",
                        settings.Host, settings.Port, attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                }
                catch (Exception e) when (PostgresItemStore.IsOutage(e))
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL at {settings.Host}:{settings.Port}/{settings.Database} was not reachable within {settings.StartupRetrySeconds} s: {e.Message}", e);
                }
            }
        }
    }
}
