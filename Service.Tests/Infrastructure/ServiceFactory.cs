using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// The real service in memory, configured only through the contract variables, as a
/// deployment configures it, in the Production environment (so basic auth is enforced).
/// </summary>
public sealed class ServiceFactory(IReadOnlyDictionary<string, string> environment, string environmentName = "Production")
    : WebApplicationFactory<Program>
{
    public const string Username = "tester";
    public const string Password = "correct horse battery staple";

    public static Dictionary<string, string> WithAuth(IReadOnlyDictionary<string, string> environment) => new(environment)
    {
        [ServiceEnvironment.AuthUsername] = Username,
        [ServiceEnvironment.AuthPassword] = Password,
    };

    public static AuthenticationHeaderValue BasicAuth(string user = Username, string password = Password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>A client that sends the right credentials.</summary>
    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = BasicAuth();
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environmentName);
        foreach (var (name, value) in environment)
        {
            builder.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
        }
    }
}
