namespace Switchyard;

/// <summary>
/// The contract between Infra and Service: every environment variable through which
/// a deployment configures the service. Service compiles this file; Infra links it,
/// so renaming a variable breaks the build, not production. ASP.NET configuration
/// reads <c>__</c> as the section separator (<c>Store__Kind</c> is <c>Store:Kind</c>).
/// </summary>
public static class ServiceEnvironment
{
    /// <summary>Kestrel's HTTP port list; the container listens on <see cref="ContainerPort"/>.</summary>
    public const string HttpPorts = "ASPNETCORE_HTTP_PORTS";

    /// <summary>The port the container listens on and the platforms route to.</summary>
    public const int ContainerPort = 8080;

    /// <summary>Which store the service uses: <see cref="StoreKinds.Postgres"/> or <see cref="StoreKinds.DynamoDb"/>.</summary>
    public const string StoreKind = "Store__Kind";

    public const string PostgresHost = "Store__Postgres__Host";
    public const string PostgresPort = "Store__Postgres__Port";
    public const string PostgresDatabase = "Store__Postgres__Database";

    /// <summary>Secret: the RDS-managed master secret JSON, <c>{"username":…,"password":…}</c>.</summary>
    public const string PostgresCredentials = "Store__Postgres__Credentials";

    /// <summary>Connections one instance may open; Infra derives it from the database's connection budget.</summary>
    public const string PostgresMaxPoolSize = "Store__Postgres__MaxPoolSize";

    public const string DynamoDbTableName = "Store__DynamoDb__TableName";

    /// <summary>Only for local runs and tests (DynamoDB Local); never set by Infra.</summary>
    public const string DynamoDbServiceUrl = "Store__DynamoDb__ServiceUrl";

    public const string AwsRegion = "AWS_REGION";

    /// <summary>Secret: basic-auth user name.</summary>
    public const string AuthUsername = "Auth__Username";

    /// <summary>Secret: basic-auth password.</summary>
    public const string AuthPassword = "Auth__Password";

    /// <summary>
    /// Only during a store switch: the store to copy items from (<see cref="StoreKinds"/>). Its
    /// settings are the usual store settings under <see cref="MigrationSourcePrefix"/>, named by
    /// <see cref="MigrationSource"/>.
    /// </summary>
    public const string MigrationSourceKind = "Migration__Source__Kind";

    /// <summary>The section that holds the source store's settings during a store switch.</summary>
    public const string MigrationSourcePrefix = "Migration__Source__";

    /// <summary>
    /// The source-store form of a store setting: <c>Store__Postgres__Host</c> becomes
    /// <c>Migration__Source__Postgres__Host</c>.
    /// </summary>
    public static string MigrationSource(string storeVariable)
    {
        const string storePrefix = "Store__";
        if (!storeVariable.StartsWith(storePrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{storeVariable}' is not a store setting (it does not start with '{storePrefix}').", nameof(storeVariable));
        }

        return MigrationSourcePrefix + storeVariable[storePrefix.Length..];
    }

    /// <summary>The route every platform health check uses; it never calls the store.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>
    /// The container health check command: the service's own binary, run with this argument,
    /// asks <see cref="LivenessPath"/> on the container's port and exits 0 when it answers 200.
    /// </summary>
    public static readonly string[] LivenessCheckCommand = ["dotnet", "Switchyard.Service.dll", "--check-liveness"];

    /// <summary>The values <see cref="StoreKind"/> accepts.</summary>
    public static class StoreKinds
    {
        public const string Postgres = "Postgres";
        public const string DynamoDb = "DynamoDb";
    }
}
