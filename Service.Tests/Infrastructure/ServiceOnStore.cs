namespace Switchyard.Tests.Infrastructure;

/// <summary>The service in memory on a fresh store of one kind, basic auth on, and a client that sends the right credentials.</summary>
public sealed class ServiceOnStore : IAsyncDisposable
{
    private ServiceOnStore(IsolatedStore store)
    {
        Store = store;
        Factory = new ServiceFactory(ServiceFactory.WithAuth(store.Environment));
        Client = Factory.CreateAuthorizedClient();
    }

    public IsolatedStore Store { get; }

    public ServiceFactory Factory { get; }

    public HttpClient Client { get; }

    public static async Task<ServiceOnStore> StartAsync(string kind) => new(await StoreBackend.CreateAsync(kind));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Store.DisposeAsync();
    }
}
