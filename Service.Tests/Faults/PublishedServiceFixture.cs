using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Faults;

/// <summary>
/// A fixture with a published service of its own, as a real process on 127.0.0.1, over a fresh
/// database or table of the store <see cref="Kind"/>, and a client that sends the right credentials.
/// </summary>
public abstract class PublishedServiceFixture(string kind)
{
    protected string Kind { get; } = kind;

    protected IsolatedStore Store { get; private set; } = null!;

    protected PublishedService Service { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        Store = await StoreBackend.CreateAsync(Kind);
        Service = await PublishedService.StartAsync(Store.Environment);
        Client = FaultHttp.AuthorizedClient(Service);
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        Client.Dispose();
        await Service.DisposeAsync();
        await Store.DisposeAsync();
    }
}
