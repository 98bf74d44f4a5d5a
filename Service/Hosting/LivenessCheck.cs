namespace Switchyard.Hosting;

/// <summary>
/// <c>dotnet Switchyard.Service.dll --check-liveness</c>: asks the running service's /healthz on
/// this container's port and exits 0 when it answers 200, 1 otherwise. It is the ECS container
/// health check, so the image needs no curl or wget.
/// </summary>
public static class LivenessCheck
{
    public static string Argument => ServiceEnvironment.LivenessCheckCommand[^1];

    public static bool IsRequested(string[] args) => args.Length == 1 && args[0] == Argument;

    public static async Task<int> RunAsync()
    {
        var ports = Environment.GetEnvironmentVariable(ServiceEnvironment.HttpPorts);
        var port = ports?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? ServiceEnvironment.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}{ServiceEnvironment.LivenessPath}"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"liveness check failed: {e.Message}");
            return 1;
        }
    }
}
