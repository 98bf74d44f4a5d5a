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

    /// <summary>
    /// Sends an authorized request whose header values reach the service exactly as given. HttpClient
    /// rewrites a value it can parse (<c>w/"1"</c> becomes <c>W/"1"</c>) and drops an empty one.
    /// </summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, IReadOnlyList<(string Name, string Value)> headers, string? json = null)
    {
        var context = await Server.SendAsync(request =>
        {
            request.Request.Method = method.Method;
            request.Request.Path = path;
            request.Request.Headers.Authorization = BasicAuth().ToString();
            foreach (var group in headers.GroupBy(header => header.Name))
            {
                request.Request.Headers[group.Key] = group.Select(header => header.Value).ToArray();
            }

            if (json is not null)
            {
                var body = Encoding.UTF8.GetBytes(json);
                request.Request.ContentType = "application/json";
                request.Request.ContentLength = body.Length;
                request.Request.Body = new MemoryStream(body);
            }
        });

        var response = new HttpResponseMessage((System.Net.HttpStatusCode)context.Response.StatusCode) { Content = new StreamContent(context.Response.Body) };
        foreach (var (name, values) in context.Response.Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                response.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return response;
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
