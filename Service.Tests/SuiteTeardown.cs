using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests;

[SetUpFixture]
public sealed class SuiteTeardown
{
    [OneTimeTearDown]
    public Task StopServers() => TestServers.StopAsync();
}
