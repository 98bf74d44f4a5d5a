using Switchyard.Storage.DynamoDb;
using Switchyard.Storage.Postgres;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Storage;

public static class StoreRegistration
{
    /// <summary>The one place the backend is chosen.</summary>
    public static IServiceCollection AddItemStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        var kind = configuration["Store:Kind"];
        return kind?.ToUpperInvariant() switch
        {
            "POSTGRES" => services.AddPostgresItemStore(),
            "DYNAMODB" => services.AddDynamoDbItemStore(),
            _ => throw new InvalidOperationException(
                $"{StoreKind} must be one of: {StoreKinds.Postgres}, {StoreKinds.DynamoDb} (it is {(kind is null ? "not set" : $"'{kind}'")})."),
        };
    }
}
