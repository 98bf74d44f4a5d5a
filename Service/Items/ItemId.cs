using System.Buffers.Text;
using System.Text;

namespace Switchyard.Items;

/// <summary>
/// Item ids are server-generated time-ordered UUIDs written as 32 lowercase hex digits.
/// Cursors are the base64url form of the last id a page returned: opaque to clients,
/// the same for both stores, and checked before any store sees them.
/// </summary>
public static class ItemId
{
    public const int Length = 32;

    public static string New() => Guid.CreateVersion7().ToString("N");

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string ToCursor(string id) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(id));

    public static bool TryParseCursor(string? cursor, out string id)
    {
        id = "";
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 64)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[48];
        if (Base64Url.DecodeFromChars(cursor, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != cursor.Length)
        {
            return false;
        }

        var candidate = Encoding.ASCII.GetString(bytes[..written]);
        if (!IsValid(candidate))
        {
            return false;
        }

        id = candidate;
        return true;
    }
}
