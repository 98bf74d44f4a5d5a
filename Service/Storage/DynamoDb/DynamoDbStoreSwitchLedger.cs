using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using static Switchyard.Storage.DynamoDb.ItemMapper;

namespace Switchyard.Storage.DynamoDb;

/// <summary>
/// The store switch's lease and completion as one record in the items table, under an id no item
/// can have (<see cref="ItemMapper.ReservedIdPrefix"/>): the table is Infra's, and a second table
/// would be a second resource for every stack to create, grant and protect, for one record.
/// </summary>
public sealed class DynamoDbStoreSwitchLedger(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options) : IStoreSwitchLedger
{
    private readonly string _table = options.Value.TableName;

    public async Task<StoreSwitchRecord?> ReadAsync(string source, CancellationToken cancellationToken)
    {
        var response = await DynamoDbItemStore.Call(client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = Key(RecordId(source)),
            ConsistentRead = true,
        }, cancellationToken), cancellationToken);
        if (response.Item is not { Count: > 0 } record)
        {
            return null;
        }

        return new StoreSwitchRecord(
            source,
            record[SwitchCopier].S,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(record[SwitchLeaseExpiresAt].N, System.Globalization.CultureInfo.InvariantCulture)),
            long.Parse(record[SwitchCopied].N, System.Globalization.CultureInfo.InvariantCulture),
            record.TryGetValue(SwitchCompletedAt, out var completed) ? ParseTimestamp(completed) : null);
    }

    public async Task<bool> TryHoldLeaseAsync(string source, string copier, DateTimeOffset now, DateTimeOffset until, long copied, CancellationToken cancellationToken)
    {
        try
        {
            await DynamoDbItemStore.Call(client.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = new()
                {
                    [Id] = new AttributeValue { S = RecordId(source) },
                    [SwitchCopier] = new AttributeValue { S = copier },
                    [SwitchLeaseExpiresAt] = Number(until.ToUnixTimeMilliseconds()),
                    [SwitchCopied] = Number(copied),
                },
                ConditionExpression = "attribute_not_exists(#id) OR (attribute_not_exists(#completedAt) AND (#copier = :copier OR #leaseExpiresAt < :now))",
                ExpressionAttributeNames = new()
                {
                    ["#id"] = Id,
                    ["#completedAt"] = SwitchCompletedAt,
                    ["#copier"] = SwitchCopier,
                    ["#leaseExpiresAt"] = SwitchLeaseExpiresAt,
                },
                ExpressionAttributeValues = new()
                {
                    [":copier"] = new AttributeValue { S = copier },
                    [":now"] = Number(now.ToUnixTimeMilliseconds()),
                },
            }, cancellationToken), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task MarkCompleteAsync(string source, DateTimeOffset at, long copied, CancellationToken cancellationToken)
    {
        try
        {
            await DynamoDbItemStore.Call(client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = Key(RecordId(source)),
                UpdateExpression = "SET #completedAt = :at, #copied = :copied",
                ConditionExpression = "attribute_exists(#id) AND attribute_not_exists(#completedAt)",
                ExpressionAttributeNames = new() { ["#id"] = Id, ["#completedAt"] = SwitchCompletedAt, ["#copied"] = SwitchCopied },
                ExpressionAttributeValues = new() { [":at"] = Timestamp(at), [":copied"] = Number(copied) },
            }, cancellationToken), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Complete already: recorded by another copier, or by this call's first attempt.
        }
    }

    private static string RecordId(string source) => ReservedIdPrefix + "store-switch/" + source;
}
