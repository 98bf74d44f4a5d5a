using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Switchyard.Hosting;
using Switchyard.Items;
using Switchyard.Storage;

// The least a service can do on its store, the floor of two figures (bench/README.md):
//
// Start-up: the hello app (bench/Hello, `dotnet new web`) plus what the service's /readyz asks the
// store, one point read through the service's own store adapter, on the store and with the
// settings the service is given (the Store__* variables). The first read starts before anything
// else, so the store's connection, its log-in and their JIT overlap the whole web host's start on
// the second core; the first request waits for it and reads once more. No migrations, no
// middleware, no options validation.
//
// Items (Floor__Items=true): also the service's GET /api/items/{id}, GET /api/items?limit=N (first
// page) and POST /api/items, each answered by one call to the same store adapter and in the
// service's own JSON; no authentication, validation, request log, ETag or telemetry. Off for the
// start-up floor, whose first request would otherwise build these routes too.
var settings = new ConfigurationBuilder().AddEnvironmentVariables().Build();
await using var store = StoreRegistration.Open(
    settings["Store:Kind"] ?? "", settings.GetSection("Store"), variable => variable, TimeProvider.System);
var connected = Task.Run(() => store.Store.GetAsync(HealthApi.ProbeId, CancellationToken.None));

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", async (CancellationToken cancellationToken) =>
{
    await connected;
    await store.Store.GetAsync(HealthApi.ProbeId, cancellationToken);
    return "Hello World!";
});

if (settings.GetValue<bool>("Floor:Items"))
{
    app.MapGet("/api/items/{id}", async (string id, CancellationToken cancellationToken) =>
        await store.Store.GetAsync(id, cancellationToken) is { } item
            ? Results.Json(item, ItemJsonContext.Default.Item)
            : Results.NotFound());
    app.MapGet("/api/items", async (int? limit, CancellationToken cancellationToken) =>
    {
        var page = await store.Store.ListAsync(limit ?? 50, null, cancellationToken);
        return Results.Json(new ItemList(page.Items, null), ItemJsonContext.Default.ItemList);
    });
    app.MapPost("/api/items", async (HttpRequest request, CancellationToken cancellationToken) =>
    {
        var input = await request.ReadFromJsonAsync(ItemJsonContext.Default.ItemInput, cancellationToken);
        var item = await store.Store.CreateAsync(new ItemDraft(input?.Name ?? "", input?.Notes), cancellationToken);
        return Results.Json(item, ItemJsonContext.Default.Item, statusCode: StatusCodes.Status201Created);
    });
}

app.Run();
