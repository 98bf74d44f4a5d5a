// The `dotnet new web` template, unchanged: what any ASP.NET Core app pays before doing its own work.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", () => "Hello World!");

app.Run();
