using Switchyard.Hosting;
using Switchyard.Items;
using Switchyard.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddBasicAuth();
builder.Services.AddItemStore(builder.Configuration);

var app = builder.Build();
app.UseServiceDefaults();
app.UseBasicAuth();

app.MapHealthApi();
app.MapItemsPage();
app.MapItemsApi();
app.MapOpenApi();

app.Run();

/// <summary>The entry point, visible to the HTTP tests' WebApplicationFactory.</summary>
public partial class Program;
