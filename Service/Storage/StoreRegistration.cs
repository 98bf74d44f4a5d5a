using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Switchyard.Storage.DynamoDb;
using Switchyard.Storage.Postgres;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Storage;

public static class StoreRegistration
{
    /// <summary>
    /// The key of the store the service owns (its writes, imports and the store switch's ledger go
    /// there). <see cref="IItemStore"/> is that store, except while a store switch routes reads elsewhere.
    /// </summary>
    public const string Target = "target";

    /// <summary>The one place the backend is chosen.</summary>
    public static IServiceCollection AddItemStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        _ = ParseKind(configuration["Store:Kind"], StoreKind) switch
        {
            StoreKinds.Postgres => services.AddPostgresItemStore(),
            _ => services.AddDynamoDbItemStore(),
        };
        return services.AddSingleton(provider => provider.GetRequiredKeyedService<IItemStore>(Target));
    }

    /// <summary>
    /// A store of <paramref name="kind"/> configured from <paramref name="section"/> (which holds
    /// <c>Postgres</c> and <c>DynamoDb</c> sections, as <c>Store</c> does), read only: no schema
    /// migration, no table creation. Settings are checked as the service's own store's are; messages
    /// name the variables through <paramref name="variable"/>.
    /// </summary>
    public static OpenedStore Open(string kind, IConfiguration section, Func<string, string> variable, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        switch (ParseKind(kind, variable(StoreKind)))
        {
            case StoreKinds.Postgres:
            {
                var options = Checked(section.GetSection("Postgres").Get<PostgresOptions>() ?? new PostgresOptions(), variable);
                var dataSource = PostgresRegistration.CreateDataSource(options, loggerFactory);
                return new OpenedStore(new PostgresItemStore(dataSource, time), $"PostgreSQL {options.Host}:{options.Port}/{options.Database}", dataSource);
            }

            default:
            {
                var options = Checked(section.GetSection("DynamoDb").Get<DynamoDbOptions>() ?? new DynamoDbOptions(), variable);
                var client = DynamoDbRegistration.CreateClient(options);
                return new OpenedStore(new DynamoDbItemStore(client, Options.Create(options), time), $"DynamoDB table {options.TableName}", client);
            }
        }
    }

    /// <returns><see cref="StoreKinds.Postgres"/> or <see cref="StoreKinds.DynamoDb"/>, whatever the case of <paramref name="kind"/>.</returns>
    private static string ParseKind(string? kind, string variable) => kind?.ToUpperInvariant() switch
    {
        "POSTGRES" => StoreKinds.Postgres,
        "DYNAMODB" => StoreKinds.DynamoDb,
        _ => throw new InvalidOperationException(
            $"{variable} must be one of: {StoreKinds.Postgres}, {StoreKinds.DynamoDb} (it is {(kind is null ? "not set" : $"'{kind}'")})."),
    };

    private static T Checked<T>(T options, Func<string, string> variable) where T : class
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            // The messages name the service's own variables (Store__…): say the ones this store is configured by.
            var messages = errors.Select(error => RenameVariables(error.ErrorMessage ?? "", variable));
            throw new InvalidOperationException(string.Join(" ", messages));
        }

        return options;
    }

    private static string RenameVariables(string message, Func<string, string> variable) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"\bStore__\w+", match => variable(match.Value));
}

/// <summary>A store opened outside the container, with what it holds open (a connection pool, an HTTP client).</summary>
public sealed class OpenedStore(IItemStore store, string description, IDisposable resources) : IAsyncDisposable
{
    public IItemStore Store { get; } = store;

    /// <summary>Which store this is, for logs and the switch's ledger; holds no secret.</summary>
    public string Description { get; } = description;

    public ValueTask DisposeAsync()
    {
        if (resources is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        resources.Dispose();
        return ValueTask.CompletedTask;
    }
}
