using System.ComponentModel.DataAnnotations;

namespace Switchyard.Storage.Postgres;

/// <summary>The <c>Store:Postgres</c> section (<c>Store__Postgres__*</c> variables).</summary>
public sealed class PostgresOptions
{
    public const string Section = "Store:Postgres";

    [Required(ErrorMessage = "Store__Postgres__Host is required when Store__Kind is Postgres.")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "Store__Postgres__Port must be a TCP port (1-65535).")]
    public int Port { get; set; } = 5432;

    [Required(ErrorMessage = "Store__Postgres__Database is required when Store__Kind is Postgres.")]
    public string Database { get; set; } = "switchyard";

    /// <summary>The RDS-managed master secret: <c>{"username":"…","password":"…"}</c>.</summary>
    [Required(ErrorMessage = "Store__Postgres__Credentials is required when Store__Kind is Postgres: a JSON object {{\"username\":…,\"password\":…}}.")]
    public string Credentials { get; set; } = "";

    [Range(1, 1000, ErrorMessage = "Store__Postgres__MaxPoolSize must be between 1 and 1000.")]
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>Bounds how long a request waits for a connection, so an outage answers 503 quickly.</summary>
    [Range(1, 60)]
    public int ConnectTimeoutSeconds { get; set; } = 2;

    [Range(1, 300)]
    public int CommandTimeoutSeconds { get; set; } = 3;

    /// <summary>How long start-up keeps retrying the migrations while the database is not reachable yet.</summary>
    [Range(0, 600)]
    public int StartupRetrySeconds { get; set; } = 60;

    /// <summary>
    /// Bounds each statement of the migrations, the wait for another instance's migrations among
    /// them: far above <see cref="CommandTimeoutSeconds"/>, which bounds a request.
    /// </summary>
    [Range(1, 3600)]
    public int MigrationTimeoutSeconds { get; set; } = (int)PostgresMigrator.DefaultTimeout.TotalSeconds;
}
