using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Switchyard.Hosting;
using Switchyard.Storage;

// The hello app (bench/Hello, `dotnet new web`) whose one endpoint first asks the store what the
// service's /readyz asks: one point read, through the service's own store adapter, on the store and
// with the settings the service is given (the Store__* variables). No migrations, no middleware, no
// options validation: what any service pays before it can say "ready, store connected".
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
await using var store = StoreRegistration.Open(
    app.Configuration["Store:Kind"] ?? "", app.Configuration.GetSection("Store"), variable => variable, TimeProvider.System);

app.MapGet("/", async (CancellationToken cancellationToken) =>
{
    await store.Store.GetAsync(HealthApi.ProbeId, cancellationToken);
    return "Hello World!";
});

app.Run();
