using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Switchyard.Items;
using static Switchyard.Storage.DynamoDb.ItemMapper;

namespace Switchyard.Storage.DynamoDb;

/// <summary>
/// Items in one table keyed by <c>id</c>. Every write is conditional: creates on
/// <c>attribute_not_exists</c>, updates and deletes on the item existing and, when
/// asked, on its version. Reads are strongly consistent so a client reads its own writes.
/// </summary>
public sealed class DynamoDbItemStore(IAmazonDynamoDB client, IOptions<DynamoDbOptions> options, TimeProvider time) : IItemStore, IItemImport
{
    /// <summary>DynamoDB has no conditional batch write: this many conditional puts run at once instead.</summary>
    private const int ConcurrentPuts = 16;

    private readonly string _table = options.Value.TableName;

    public async Task<Item> CreateAsync(ItemDraft draft, CancellationToken cancellationToken)
    {
        var now = time.Now();
        var item = new Item(ItemId.New(), draft.Name, draft.Notes, 1, now, now);
        try
        {
            await Call(client.PutItemAsync(PutIfAbsent(item), cancellationToken), cancellationToken);
        }
        catch (ConditionalCheckFailedException e) when (e.Item is { Count: > 0 } stored && FromAttributes(stored) == item)
        {
            // The SDK retried after a timeout, and the first attempt had been stored after all: this create succeeded.
        }

        return item;
    }

    public async Task<Item?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (IsReserved(id))
        {
            return null;
        }

        var response = await Call(client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = Key(id),
            ConsistentRead = true,
        }, cancellationToken), cancellationToken);
        return response.Item is { Count: > 0 } attributes ? FromAttributes(attributes) : null;
    }

    public async Task<ItemPage> ListAsync(int limit, string? cursorId, CancellationToken cancellationToken)
    {
        var request = new ScanRequest
        {
            TableName = _table,
            Limit = limit,
            ConsistentRead = true,
            ExclusiveStartKey = cursorId is null ? null : Key(cursorId),
            FilterExpression = "NOT begins_with(#id, :reserved)",
            ExpressionAttributeNames = new() { ["#id"] = Id },
            ExpressionAttributeValues = new() { [":reserved"] = new AttributeValue { S = ReservedIdPrefix } },
        };
        var items = new List<Item>(limit);
        while (true)
        {
            var response = await Call(client.ScanAsync(request, cancellationToken), cancellationToken);
            items.AddRange(response.Items?.Select(FromAttributes) ?? []);
            if (response.LastEvaluatedKey is not { Count: > 0 } last)
            {
                return new ItemPage(items, null);
            }

            var lastId = last[Id].S;
            if (!IsReserved(lastId))
            {
                return new ItemPage(items, lastId);
            }

            // The scan stopped on a store switch record, whose id is no item id and so no cursor:
            // the page continues after its last item instead, or, with none yet, the scan goes on.
            if (items.Count > 0)
            {
                return new ItemPage(items, items[^1].Id);
            }

            request.ExclusiveStartKey = last;
        }
    }

    public async Task<WriteResult> UpdateAsync(string id, long? expectedVersion, ItemDraft draft, CancellationToken cancellationToken)
    {
        if (IsReserved(id))
        {
            return WriteResult.NotFound;
        }

        var now = time.Now();
        var names = new Dictionary<string, string> { ["#id"] = Id, ["#name"] = Name, ["#notes"] = Notes, ["#version"] = ItemMapper.Version, ["#updatedAt"] = UpdatedAt };
        var values = new Dictionary<string, AttributeValue>
        {
            [":name"] = new() { S = draft.Name },
            [":one"] = Number(1),
            [":now"] = Timestamp(now),
        };
        var update = "SET #name = :name, #version = #version + :one, #updatedAt = :now";
        if (draft.Notes is null)
        {
            update += " REMOVE #notes";
        }
        else
        {
            update += ", #notes = :notes";
            values[":notes"] = new() { S = draft.Notes };
        }

        var request = new UpdateItemRequest
        {
            TableName = _table,
            Key = Key(id),
            UpdateExpression = update,
            ConditionExpression = VersionCondition(expectedVersion, values),
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
            ReturnValues = ReturnValue.ALL_NEW,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            var response = await Call(client.UpdateItemAsync(request, cancellationToken), cancellationToken);
            return new WriteResult(WriteStatus.Done, FromAttributes(response.Attributes));
        }
        catch (ConditionalCheckFailedException e) when (e.Item is { Count: > 0 } stored
            && FromAttributes(stored) is var current && current.Version == expectedVersion + 1 && current.UpdatedAt == now
            && current.Name == draft.Name && current.Notes == draft.Notes)
        {
            // The SDK retried after a timeout, and the first attempt had been applied after all: this update succeeded.
            return new WriteResult(WriteStatus.Done, current);
        }
        catch (ConditionalCheckFailedException e)
        {
            return Miss(e);
        }
    }

    public async Task<WriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (IsReserved(id))
        {
            return WriteResult.NotFound;
        }

        var values = new Dictionary<string, AttributeValue>();
        var condition = VersionCondition(expectedVersion, values);
        var request = new DeleteItemRequest
        {
            TableName = _table,
            Key = Key(id),
            ConditionExpression = condition,
            ExpressionAttributeNames = expectedVersion is null ? new() { ["#id"] = Id } : new() { ["#id"] = Id, ["#version"] = ItemMapper.Version },
            ExpressionAttributeValues = values.Count == 0 ? null : values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await Call(client.DeleteItemAsync(request, cancellationToken), cancellationToken);
            return new WriteResult(WriteStatus.Done);
        }
        catch (ConditionalCheckFailedException e)
        {
            return Miss(e);
        }
    }

    public async Task<int> PutIfAbsentAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        if (items.FirstOrDefault(item => !ItemId.IsValid(item.Id)) is { } invalid)
        {
            throw new ArgumentException($"'{invalid.Id}' is not an item id ({ItemId.Length} lowercase hex digits).", nameof(items));
        }

        var written = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ConcurrentPuts, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(items, parallel, async (item, token) =>
        {
            try
            {
                await Call(client.PutItemAsync(PutIfAbsent(item), token), token);
                Interlocked.Increment(ref written);
            }
            catch (ConditionalCheckFailedException)
            {
                // Stored already (by an earlier run, another copier, or this put's own first attempt that
                // the SDK retried after a timeout): put-if-absent leaves it as it is.
            }
        });
        return written;
    }

    /// <summary>Writes the whole item unless its id is stored; on a miss DynamoDB returns the stored item.</summary>
    private PutItemRequest PutIfAbsent(Item item) => new()
    {
        TableName = _table,
        Item = ToAttributes(item),
        ConditionExpression = "attribute_not_exists(#id)",
        ExpressionAttributeNames = new() { ["#id"] = Id },
        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
    };

    private static string VersionCondition(long? expectedVersion, Dictionary<string, AttributeValue> values)
    {
        if (expectedVersion is not { } version)
        {
            return "attribute_exists(#id)";
        }

        values[":expected"] = Number(version);
        return "attribute_exists(#id) AND #version = :expected";
    }

    /// <summary>The condition failed: with the old item returned it was a stale version, without one the item is gone.</summary>
    private static WriteResult Miss(ConditionalCheckFailedException e) =>
        e.Item is { Count: > 0 } ? WriteResult.Conflict : WriteResult.NotFound;

    /// <summary>Awaits a call and turns every sign of an unreachable or overloaded store into <see cref="StoreUnavailableException"/>.</summary>
    internal static async Task<T> Call<T>(Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call;
        }
        catch (Exception e) when (IsOutage(e, cancellationToken))
        {
            throw new StoreUnavailableException("DynamoDB is unreachable or did not answer in time.", e);
        }
    }

    internal static bool IsOutage(Exception e, CancellationToken cancellationToken) => e switch
    {
        ConditionalCheckFailedException => false,
        ResourceNotFoundException => true,
        AmazonServiceException service => service.StatusCode is 0 or >= HttpStatusCode.InternalServerError
            || service.ErrorType == ErrorType.Unknown
            || service.InnerException is HttpRequestException or IOException or TimeoutException
            || service.ErrorCode is "ProvisionedThroughputExceededException" or "ThrottlingException" or "RequestLimitExceeded",
        AmazonClientException or HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
