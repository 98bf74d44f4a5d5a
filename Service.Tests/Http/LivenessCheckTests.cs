using Switchyard.Hosting;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Http;

/// <summary>The container health check: the service's own binary asks /healthz on the container's port.</summary>
public sealed class LivenessCheckTests
{
    [Test]
    public async Task The_check_exits_0_while_the_service_answers_and_1_when_nothing_listens()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        var dll = await PublishedService.DllAsync();
        await using var service = await PublishedService.StartAsync(store.Environment, readyPath: ServiceEnvironment.LivenessPath);

        Assert.That(await CheckAsync(dll, service.Port), Is.Zero);
        Assert.That(await CheckAsync(dll, LocalProcess.FreePort()), Is.EqualTo(1));
    }

    private static async Task<int> CheckAsync(string dll, int port)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(LivenessCheck.Argument);
        info.Environment[ServiceEnvironment.HttpPorts] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }
}
