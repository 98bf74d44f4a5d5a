using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Options;

namespace Switchyard.Storage.DynamoDb;

public static class DynamoDbRegistration
{
    public static IServiceCollection AddDynamoDbItemStore(this IServiceCollection services)
    {
        services.AddOptions<DynamoDbOptions>().BindConfiguration(DynamoDbOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAmazonDynamoDB>(provider => CreateClient(provider.GetRequiredService<IOptions<DynamoDbOptions>>().Value));
        services.AddSingleton<DynamoDbItemStore>();
        services.AddKeyedSingleton<IItemStore>(StoreRegistration.Target, (provider, _) => provider.GetRequiredService<DynamoDbItemStore>());
        services.AddSingleton<IItemImport>(provider => provider.GetRequiredService<DynamoDbItemStore>());
        services.AddSingleton<IStoreSwitchLedger, DynamoDbStoreSwitchLedger>();
        services.AddStoreStartup<DynamoDbTableCreator>();
        return services;
    }

    /// <summary>One client for the process: it owns the HTTP connection pool.</summary>
    public static AmazonDynamoDBClient CreateClient(DynamoDbOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            Timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds),
            MaxErrorRetry = options.MaxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
        };
        if (options.ServiceUrl is null)
        {
            return new AmazonDynamoDBClient(config);
        }

        // DynamoDB Local accepts any credentials; fixed ones keep the service and the tests in one namespace of tables.
        config.ServiceURL = options.ServiceUrl.ToString();
        config.AuthenticationRegion = Environment.GetEnvironmentVariable(ServiceEnvironment.AwsRegion) ?? RegionEndpoint.USEast1.SystemName;
        return new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    /// <summary>
    /// Creates the table for local runs and tests; in AWS the table is Infra's and this does nothing.
    /// A slow or still-starting DynamoDB Local is waited for (bounded), as PostgreSQL is for its migrations.
    /// </summary>
    private sealed class DynamoDbTableCreator(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, TimeProvider time, ILogger<DynamoDbTableCreator> logger)
        : StoreStartup
    {
        private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

        protected override async Task RunAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.CreateTable)
            {
                return;
            }

            var table = options.Value.TableName;
            var deadline = time.GetUtcNow() + RetryFor;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // Usually the table is there: asking first avoids a failed create (and its exception) on every start.
                    if (await ExistsAsync(table, cancellationToken))
                    {
                        return;
                    }

                    await client.CreateTableAsync(new CreateTableRequest
                    {
                        TableName = table,
                        BillingMode = BillingMode.PAY_PER_REQUEST,
                        AttributeDefinitions = [new AttributeDefinition(ItemMapper.Id, ScalarAttributeType.S)],
                        KeySchema = [new KeySchemaElement(ItemMapper.Id, KeyType.HASH)],
                    }, cancellationToken);
                    logger.LogInformation("Created DynamoDB table {Table}", table);
                    return;
                }
                catch (ResourceInUseException)
                {
                    // Already there: another instance created it, or an earlier attempt that timed out did.
                    return;
                }
                catch (Exception e) when (DynamoDbItemStore.IsOutage(e, cancellationToken) && time.GetUtcNow() < deadline)
                {
                    logger.LogWarning("DynamoDB did not create table {Table} yet (attempt {Attempt}: {Reason}); retrying", table, attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                }
            }
        }

        private async Task<bool> ExistsAsync(string table, CancellationToken cancellationToken)
        {
            try
            {
                await client.DescribeTableAsync(table, cancellationToken);
                return true;
            }
            catch (ResourceNotFoundException)
            {
                return false;
            }
        }
    }
}
