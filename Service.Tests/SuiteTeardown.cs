using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests;

/// <summary>After every test of the run: stop the shared servers and delete the published service.</summary>
[SetUpFixture]
public sealed class SuiteTeardown
{
    [OneTimeTearDown]
    public async Task StopServers()
    {
        PublishedService.DeletePublished();
        await TestServers.StopAsync();
    }
}
