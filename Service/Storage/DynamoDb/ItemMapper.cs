using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Switchyard.Items;

namespace Switchyard.Storage.DynamoDb;

/// <summary>The table's attribute names and the mapping between an item and its attributes, in one place.</summary>
internal static class ItemMapper
{
    public const string Id = "id";
    public const string Name = "name";
    public const string Notes = "notes";
    public const string Version = "version";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    /// <summary>
    /// The ids of the store switch's own records begin with this; an item id is 32 lowercase hex
    /// digits, so none can. Listings filter these records out and point reads never return them.
    /// </summary>
    public const string ReservedIdPrefix = "~switchyard/";

    public const string SwitchCopier = "copier";
    public const string SwitchLeaseExpiresAt = "leaseExpiresAt";
    public const string SwitchCopied = "copied";
    public const string SwitchCompletedAt = "completedAt";

    public static bool IsReserved(string id) => id.StartsWith(ReservedIdPrefix, StringComparison.Ordinal);

    public static Dictionary<string, AttributeValue> Key(string id) => new() { [Id] = new AttributeValue { S = id } };

    public static Dictionary<string, AttributeValue> ToAttributes(Item item)
    {
        var attributes = new Dictionary<string, AttributeValue>(6)
        {
            [Id] = new() { S = item.Id },
            [Name] = new() { S = item.Name },
            [Version] = Number(item.Version),
            [CreatedAt] = Timestamp(item.CreatedAt),
            [UpdatedAt] = Timestamp(item.UpdatedAt),
        };
        if (item.Notes is not null)
        {
            attributes[Notes] = new() { S = item.Notes };
        }

        return attributes;
    }

    public static Item FromAttributes(Dictionary<string, AttributeValue> attributes) => new(
        attributes[Id].S,
        attributes[Name].S,
        attributes.TryGetValue(Notes, out var notes) ? notes.S : null,
        long.Parse(attributes[Version].N, CultureInfo.InvariantCulture),
        ParseTimestamp(attributes[CreatedAt]),
        ParseTimestamp(attributes[UpdatedAt]));

    public static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static DateTimeOffset ParseTimestamp(AttributeValue value) =>
        DateTimeOffset.Parse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static AttributeValue Timestamp(DateTimeOffset value) => new() { S = value.ToString("O", CultureInfo.InvariantCulture) };
}
