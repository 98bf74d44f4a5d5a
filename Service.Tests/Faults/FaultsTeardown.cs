using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Faults;

[SetUpFixture]
public sealed class FaultsTeardown
{
    [OneTimeTearDown]
    public void DeletePublishedService() => PublishedService.DeletePublished();
}
