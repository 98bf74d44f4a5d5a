using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Switchyard.Hosting;

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
        services.AddStoreStartup<DynamoDbStartup>();
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
    /// Creates the table for local runs and tests (in AWS the table is Infra's), then makes the
    /// readiness read once. A slow or still-starting DynamoDB Local is waited for (bounded), as
    /// PostgreSQL is for its migrations.
    /// </summary>
    private sealed class DynamoDbStartup(
        IAmazonDynamoDB client, DynamoDbItemStore store, IOptions<DynamoDbOptions> options, TimeProvider time, ILogger<DynamoDbStartup> logger)
        : IStoreStartupWork
    {
        private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (options.Value.CreateTable)
            {
                await CreateTableAsync(options.Value.TableName, cancellationToken);
            }

            await WarmUpAsync(cancellationToken);
        }

        /// <summary>
        /// The SDK's first request opens its connection, resolves the endpoint and compiles its whole
        /// pipeline: about 130 ms on two cores, which the first request would otherwise pay after the
        /// web server has started. Made here it runs beside the server's start. Only a warm-up: a store
        /// that does not answer does not stop the start; /readyz reports it.
        /// </summary>
        private async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            try
            {
                await store.GetAsync(HealthApi.ProbeId, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("DynamoDB table {Table} did not answer the start-up read ({Reason}); /readyz reports it until it does",
                    options.Value.TableName, e.Message);
            }
        }

        private async Task CreateTableAsync(string table, CancellationToken cancellationToken)
        {
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
