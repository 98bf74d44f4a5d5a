namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// A fixture with the real service in memory (<see cref="ServiceFactory"/>) over a fresh database
/// or table of the store <c>kind</c>, and a client that sends the right credentials.
/// </summary>
public abstract class InProcessServiceFixture(string kind)
{
    protected IsolatedStore Store { get; private set; } = null!;

    protected ServiceFactory Factory { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        Store = await StoreBackend.CreateAsync(kind);
        Factory = new ServiceFactory(ServiceFactory.WithAuth(Store.Environment));
        Client = Factory.CreateAuthorizedClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Store.DisposeAsync();
    }
}
