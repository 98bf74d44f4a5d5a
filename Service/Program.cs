using Switchyard.Hosting;
using Switchyard.Hosting.OpenApi;
using Switchyard.Items;
using Switchyard.Migration;
using Switchyard.Storage;

if (LivenessCheck.IsRequested(args))
{
    return await LivenessCheck.RunAsync();
}

if (TransferCommand.IsRequested(args))
{
    return await TransferCommand.RunAsync(args);
}

// The content root is the app's own folder, so appsettings.json applies whatever directory it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddBasicAuth();
builder.Services.AddItemStore(builder.Configuration);
builder.Services.AddStoreSwitch(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.UseBasicAuth();
app.UseStoreStartupGate();

app.MapHealthApi();
app.MapItemsPage();
app.MapItemsApi();
app.MapApiDocument();

app.Run();
return 0;

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
