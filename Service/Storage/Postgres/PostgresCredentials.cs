using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchyard.Storage.Postgres;

/// <summary>The RDS-managed master user secret, as Secrets Manager stores it.</summary>
public sealed record PostgresCredentials(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password)
{
    /// <summary>Parses the secret; the message never repeats the value, which holds the password.</summary>
    public static PostgresCredentials Parse(string json)
    {
        PostgresCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize(json, PostgresCredentialsJson.Default.PostgresCredentials);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"{ServiceEnvironment.PostgresCredentials} is not valid JSON (at {e.Path ?? "$"}, line {e.LineNumber}); expected {{\"username\":…,\"password\":…}}.");
        }

        if (string.IsNullOrEmpty(credentials?.Username) || string.IsNullOrEmpty(credentials.Password))
        {
            throw new InvalidOperationException(
                $"{ServiceEnvironment.PostgresCredentials} must hold a non-empty \"username\" and \"password\".");
        }

        return credentials;
    }
}

[JsonSerializable(typeof(PostgresCredentials))]
internal sealed partial class PostgresCredentialsJson : JsonSerializerContext;
