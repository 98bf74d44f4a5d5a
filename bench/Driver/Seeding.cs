using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchyard.Items;
using Switchyard.Storage;
using Switchyard.Storage.DynamoDb;
using Switchyard.Storage.Postgres;

namespace Switchyard.Bench;

/// <summary>
/// Seeds through the service's own store adapters, so the rows are exactly what the service
/// writes and reads; the ids go to a file, one per line, for the load scripts.
/// </summary>
internal static class Seeding
{
    private const int Writers = 8;

    public static async Task<int> PostgresAsync(Arguments options)
    {
        var settings = new PostgresOptions
        {
            Host = options.Text("host"), Port = options.Number("port"), Database = options.Text("database"),
            Credentials = options.Text("credentials"), MaxPoolSize = Writers,
        };
        await using var dataSource = PostgresRegistration.CreateDataSource(settings);
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await SeedAsync(new PostgresItemStore(dataSource, TimeProvider.System), options);
        return 0;
    }

    public static async Task<int> DynamoDbAsync(Arguments options)
    {
        var settings = new DynamoDbOptions { ServiceUrl = new Uri(options.Text("url")), TableName = options.Text("table"), TimeoutMilliseconds = 10_000, MaxErrorRetry = 3 };
        using var client = DynamoDbRegistration.CreateClient(settings);
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = settings.TableName,
                BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("id", Amazon.DynamoDBv2.ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("id", Amazon.DynamoDBv2.KeyType.HASH)],
            });
        }
        catch (ResourceInUseException)
        {
            // The service created it already (Store__DynamoDb__CreateTable).
        }

        await SeedAsync(new DynamoDbItemStore(client, Options.Create(settings), TimeProvider.System), options);
        return 0;
    }

    private static async Task SeedAsync(IItemStore store, Arguments options)
    {
        var count = options.Number("count");
        var ids = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var item = await store.CreateAsync(new ItemDraft($"seeded item {i}", $"notes of seeded item {i}, long enough to look like a real note"), CancellationToken.None);
                ids[i] = item.Id;
            }
        }));
        await File.WriteAllLinesAsync(options.Text("ids-out"), ids);
    }
}
