namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// A fixture with the real service in memory (<see cref="ServiceFactory"/>) over a fresh database
/// or table of the store <c>kind</c>, and a client that sends the right credentials.
/// </summary>
public abstract class InProcessServiceFixture(string kind)
{
    private ServiceOnStore _service = null!;

    protected IsolatedStore Store => _service.Store;

    protected ServiceFactory Factory => _service.Factory;

    protected HttpClient Client => _service.Client;

    [OneTimeSetUp]
    public async Task StartService() => _service = await ServiceOnStore.StartAsync(kind);

    [OneTimeTearDown]
    public async Task StopService() => await _service.DisposeAsync();
}
