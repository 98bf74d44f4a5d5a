using System.Security.Cryptography;
using Npgsql;
using Switchyard.Storage.Postgres;

namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the suite: initdb into a temporary directory (as the postgres user
/// when the suite runs as root, since initdb refuses root), a random port on 127.0.0.1 only,
/// password authentication as in RDS. Each test asks for a database of its own.
/// <c>SWITCHYARD_TEST_POSTGRES</c> (an admin connection string) uses a server that is already running instead.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EndpointVariable = "SWITCHYARD_TEST_POSTGRES";

    private readonly string? _dataDirectory;
    private readonly string? _binDirectory;
    private readonly string? _user;
    private readonly NpgsqlDataSource _admin;
    private readonly string _adminConnectionString;

    private PostgresServer(NpgsqlConnectionStringBuilder admin, string? dataDirectory, string? binDirectory, string? user)
    {
        Host = admin.Host!;
        Port = admin.Port;
        Username = admin.Username!;
        Password = admin.Password!;
        _dataDirectory = dataDirectory;
        _binDirectory = binDirectory;
        _user = user;
        _adminConnectionString = admin.ConnectionString;
        _admin = NpgsqlDataSource.Create(_adminConnectionString);
    }

    public string Host { get; }

    public int Port { get; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>The credentials as RDS hands them to the service: the managed master secret JSON.</summary>
    public string CredentialsJson => $$"""{"username":"{{Username}}","password":"{{Password}}"}""";

    public static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } given)
        {
            var server = new PostgresServer(new NpgsqlConnectionStringBuilder(given), null, null, null);
            await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            return server;
        }

        var bin = FindBinDirectory();
        var user = LocalProcess.IsRoot ? "postgres" : null;
        var root = Directory.CreateTempSubdirectory("switchyard-pg-").FullName;
        var data = Path.Combine(root, "data");
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password);
        if (user is not null)
        {
            await LocalProcess.RunAsync("chown", ["-R", user, root]);
        }

        await LocalProcess.RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "switchyard", "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"],
            user);
        File.Delete(passwordFile);

        var port = LocalProcess.FreePort();
        var admin = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = "switchyard", Password = password, Database = "postgres", Pooling = true,
        };
        var started = new PostgresServer(admin, data, bin, user);
        await started.StartServerAsync();
        return started;
    }

    /// <summary>Starts the server process (again, after <see cref="StopAsync"/>) and waits until it accepts connections.</summary>
    public async Task StartServerAsync()
    {
        var options = string.Join(' ',
            $"-c port={Port}", "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=500",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c shared_buffers=128MB");
        await LocalProcess.RunAsync(Path.Combine(RequireOwned(_binDirectory), "pg_ctl"),
            ["start", "-D", _dataDirectory!, "-l", Path.Combine(_dataDirectory!, "server.log"), "-o", options, "-s"], _user);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the server; <paramref name="mode"/> <c>immediate</c> is a crash, <c>fast</c> a clean stop.</summary>
    public Task StopAsync(string mode = "fast") =>
        LocalProcess.RunAsync(Path.Combine(RequireOwned(_binDirectory), "pg_ctl"), ["stop", "-D", _dataDirectory!, "-m", mode, "-s"], _user);

    /// <summary>A new, empty database owned by the test that asked.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var command = _admin.CreateCommand($"CREATE DATABASE \"{name}\"");
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        await using var command = _admin.CreateCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        await command.ExecuteNonQueryAsync();
    }

    public PostgresOptions Options(string database, int maxPoolSize = 20) => new()
    {
        Host = Host, Port = Port, Database = database, Credentials = CredentialsJson, MaxPoolSize = maxPoolSize,
    };

    /// <summary>The contract variables that point the service at <paramref name="database"/>.</summary>
    public Dictionary<string, string> EnvironmentFor(string database, int maxPoolSize = 20) => new()
    {
        [ServiceEnvironment.StoreKind] = ServiceEnvironment.StoreKinds.Postgres,
        [ServiceEnvironment.PostgresHost] = Host,
        [ServiceEnvironment.PostgresPort] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [ServiceEnvironment.PostgresDatabase] = database,
        [ServiceEnvironment.PostgresCredentials] = CredentialsJson,
        [ServiceEnvironment.PostgresMaxPoolSize] = maxPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public NpgsqlDataSource DataSource(string database) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = database }.ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await _admin.DisposeAsync();
        if (_dataDirectory is null)
        {
            return;
        }

        try
        {
            await StopAsync("fast");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(_dataDirectory)!, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var command = _admin.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Exception e) when (e is NpgsqlException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static string RequireOwned(string? bin) =>
        bin ?? throw new InvalidOperationException($"This PostgreSQL was given through {EndpointVariable}; the suite cannot stop or start it.");

    /// <summary>PG_BIN, then PATH, then <c>pg_config --bindir</c>, then the newest /usr/lib/postgresql/*/bin.</summary>
    public static string FindBinDirectory()
    {
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("PG_BIN"),
            Path.GetDirectoryName(LocalProcess.OnPath("initdb") ?? ""),
            PgConfigBinDirectory(),
        };
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var version) ? version : 0)
                .Select(dir => Path.Combine(dir, "bin")));
        }

        return candidates.FirstOrDefault(dir => !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in PG_BIN, on PATH, by pg_config --bindir or under /usr/lib/postgresql/*/bin. " +
                $"Install PostgreSQL 15 (Debian: apt-get install postgresql-15) or set {EndpointVariable} to an admin connection string.");
    }

    private static string? PgConfigBinDirectory()
    {
        if (LocalProcess.OnPath("pg_config") is not { } pgConfig)
        {
            return null;
        }

        try
        {
            return LocalProcess.RunAsync(pgConfig, ["--bindir"]).GetAwaiter().GetResult().Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
