using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Switchyard.Items;

/// <summary>
/// Reads and checks what a client sent: the body (size, media type, JSON, fields),
/// ids, cursors, page sizes and preconditions. Each failure names the field at fault.
/// </summary>
internal static class ItemRequest
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(ItemDraft? Draft, ProblemHttpResult? Problem)> ReadDraftAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        if (request.ContentLength > ItemLimits.MaxBodyBytes)
        {
            return (null, Problems.TooLarge());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(ItemLimits.MaxBodyBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > ItemLimits.MaxBodyBytes)
                {
                    return (null, Problems.TooLarge());
                }
            }

            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static (ItemDraft?, ProblemHttpResult?) Parse(ReadOnlySpan<byte> body)
    {
        ItemInput? input;
        try
        {
            input = JsonSerializer.Deserialize(body, ItemJsonContext.Default.ItemInput);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid(FieldOf(e), JsonMessage(e)));
        }

        if (input is null)
        {
            return (null, Problems.Invalid("$", "The body must be a JSON object."));
        }

        var errors = CheckFields(input.Name, input.Notes);
        return errors.Count > 0 ? (null, Problems.Invalid(errors)) : (new ItemDraft(input.Name!, input.Notes), null);
    }

    /// <summary>The rules for a name and notes, wherever they come from; field name → messages, empty when valid.</summary>
    internal static Dictionary<string, string[]> CheckFields(string? name, string? notes)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "name", name, ItemLimits.MaxNameLength, required: true, allowLineBreaks: false);
        Check(errors, "notes", notes, ItemLimits.MaxNotesLength, required: false, allowLineBreaks: true);
        return errors;
    }

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int maxLength, bool required, bool allowLineBreaks)
    {
        string? error = value switch
        {
            null when required => $"'{field}' is required.",
            null => null,
            _ when required && string.IsNullOrWhiteSpace(value) => $"'{field}' must not be empty.",
            _ when value.Length > maxLength => $"'{field}' must be at most {maxLength} characters (it has {value.Length}).",
            _ when !IsWellFormed(value) => $"'{field}' contains an unpaired surrogate; send valid Unicode.",
            _ when HasControlCharacter(value, allowLineBreaks) => $"'{field}' must not contain control characters{(allowLineBreaks ? " other than tab and line breaks" : "")}.",
            _ => null,
        };
        if (error is not null)
        {
            errors[field] = [error];
        }
    }

    private static bool IsWellFormed(string value)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static bool HasControlCharacter(string value, bool allowLineBreaks)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The member where reading failed (an unknown member names itself), or <c>$</c> for the body as a whole.</summary>
    private static string FieldOf(JsonException e) =>
        e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "$";

    private static string JsonMessage(JsonException e) => e.Message.Contains("could not be mapped", StringComparison.Ordinal)
        ? "Unknown field: an item has only 'name' and 'notes'."
        : $"Malformed JSON or a value of the wrong type ({e.Message.Split(". Path:")[0]}).";

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase) && media.Type.Equals("application", StringComparison.OrdinalIgnoreCase)))
        && (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    public static ProblemHttpResult? CheckId(string id) =>
        ItemId.IsValid(id) ? null : Problems.Invalid("id", $"An item id is {ItemId.Length} lowercase hexadecimal characters.");

    public static (int Limit, string? CursorId, ProblemHttpResult? Problem) ReadPage(string? limit, string? cursor)
    {
        var size = ItemLimits.DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, null, out size) || size < 1 || size > ItemLimits.MaxPageSize))
        {
            return (0, null, Problems.Invalid("limit", $"'limit' must be a whole number from 1 to {ItemLimits.MaxPageSize}."));
        }

        if (cursor is null)
        {
            return (size, null, null);
        }

        return ItemId.TryParseCursor(cursor, out var cursorId)
            ? (size, cursorId, null)
            : (0, null, Problems.Invalid("cursor", "'cursor' is not a cursor this service issued; use the nextCursor of the previous page."));
    }

    public static string ETag(long version) => $"\"{version}\"";

    /// <summary>
    /// Reads If-Match: <c>"N"</c> requires version N, <c>*</c> requires only that the item exists.
    /// </summary>
    public static (bool Present, long? Version, ProblemHttpResult? Problem) ReadIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return (false, null, null);
        }

        var value = header.Count == 1 ? header[0]!.Trim() : "";
        if (value == "*")
        {
            return (true, null, null);
        }

        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
               && long.TryParse(value.AsSpan(1, value.Length - 2), System.Globalization.NumberStyles.None, null, out var version)
               && version > 0
            ? (true, version, null)
            : (true, null, Problems.Invalid("If-Match", "If-Match must be one ETag this service issued (such as \"3\") or *."));
    }
}
