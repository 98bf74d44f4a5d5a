using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Items;

/// <summary>The JSON a client sends. Unknown members are rejected, so a typo never drops data silently.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ItemInput
{
    public string? Name { get; set; }

    public string? Notes { get; set; }
}

/// <summary>A page of the listing; <see cref="NextCursor"/> is absent on the last page.</summary>
public sealed record ItemList(IReadOnlyList<Item> Items, string? NextCursor);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 16)]
[JsonSerializable(typeof(ItemInput))]
[JsonSerializable(typeof(Item))]
[JsonSerializable(typeof(ItemList))]
public sealed partial class ItemJsonContext : JsonSerializerContext;
