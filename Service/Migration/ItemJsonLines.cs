using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Switchyard.Items;

namespace Switchyard.Migration;

/// <summary>
/// The export format: JSON Lines, UTF-8, one item per line as the API writes it (<c>id</c>,
/// <c>name</c>, <c>notes</c> when set, <c>version</c>, <c>createdAt</c>, <c>updatedAt</c>). Reading is
/// strict: every field the API would reject, an unknown member or a missing one stops the read at
/// its line, after the lines before it have been handed on.
/// </summary>
public static class ItemJsonLines
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task WriteAsync(Stream output, IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await output.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(item, ItemJsonContext.Default.Item), cancellationToken);
            await output.WriteAsync(NewLine, cancellationToken);
        }
    }

    /// <summary>
    /// The items of <paramref name="input"/> in batches of <paramref name="batchSize"/>. A bad line ends
    /// the sequence with <see cref="ItemLineException"/> once the items before it have been yielded.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<Item>> ReadAsync(
        TextReader input, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var batch = new List<Item>(batchSize);
        ItemLineException? error = null;
        for (var lineNumber = 1; ; lineNumber++)
        {
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                break;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var (item, reason) = Parse(line);
            if (item is null)
            {
                error = new ItemLineException(lineNumber, reason!);
                break;
            }

            batch.Add(item);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<Item>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }

        if (error is not null)
        {
            throw error;
        }
    }

    /// <returns>The item, or null and what is wrong with the line.</returns>
    private static (Item? Item, string? Reason) Parse(string line)
    {
        Item? item;
        try
        {
            item = JsonSerializer.Deserialize(line, ItemLineJsonContext.Default.Item);
        }
        catch (JsonException e)
        {
            return (null, $"not an item as JSON ({e.Message})");
        }

        if (item is null)
        {
            return (null, "not a JSON object");
        }

        var problems = new List<string>();
        if (!ItemId.IsValid(item.Id))
        {
            problems.Add($"'id' must be {ItemId.Length} lowercase hex digits");
        }

        problems.AddRange(ItemRequest.Validate(item.Name, item.Notes).SelectMany(field => field.Value));
        if (item.Version < 1)
        {
            problems.Add("'version' must be 1 or more");
        }

        if (item.CreatedAt == default || item.UpdatedAt == default)
        {
            problems.Add("'createdAt' and 'updatedAt' are required");
        }

        // PostgreSQL keeps microseconds: a finer time could not be restored exactly.
        if (item.CreatedAt.Ticks % 10 != 0 || item.UpdatedAt.Ticks % 10 != 0)
        {
            problems.Add("'createdAt' and 'updatedAt' must be whole microseconds");
        }

        return problems.Count == 0 ? (item, null) : (null, string.Join("; ", problems));
    }
}

/// <summary>A line of an import that is not a valid item; nothing from it or after it was imported.</summary>
public sealed class ItemLineException(int lineNumber, string reason) : Exception($"line {lineNumber}: {reason}")
{
    public int LineNumber { get; } = lineNumber;
}

/// <summary>The item as an import reads it: no unknown member, no null where the type has none, numbers as numbers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Item))]
internal sealed partial class ItemLineJsonContext : JsonSerializerContext;
