using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Switchyard.Hosting;
using Switchyard.Storage;

// The least a service can do before it says "ready, store connected": the hello app (bench/Hello,
// `dotnet new web`) plus what the service's /readyz asks the store, one point read through the
// service's own store adapter, on the store and with the settings the service is given (the
// Store__* variables). The first read starts before anything else, so the store's connection, its
// log-in and their JIT overlap the whole web host's start on the second core; the first request
// waits for it and reads once more. No migrations, no middleware, no options validation.
var storeSettings = new ConfigurationBuilder().AddEnvironmentVariables().Build();
await using var store = StoreRegistration.Open(
    storeSettings["Store:Kind"] ?? "", storeSettings.GetSection("Store"), variable => variable, TimeProvider.System);
var connected = Task.Run(() => store.Store.GetAsync(HealthApi.ProbeId, CancellationToken.None));

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", async (CancellationToken cancellationToken) =>
{
    await connected;
    await store.Store.GetAsync(HealthApi.ProbeId, cancellationToken);
    return "Hello World!";
});

app.Run();
