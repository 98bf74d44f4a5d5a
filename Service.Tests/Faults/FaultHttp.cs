using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Faults;

/// <summary>HTTP helpers for talking to a <see cref="PublishedService"/> over 127.0.0.1.</summary>
internal static class FaultHttp
{
    public const string ProblemJson = "application/problem+json";

    public static HttpClient AuthorizedClient(PublishedService service, TimeSpan? timeout = null)
    {
        var client = AnonymousClient(service, timeout);
        client.DefaultRequestHeaders.Authorization = Basic(PublishedService.Username, PublishedService.Password);
        return client;
    }

    public static HttpClient AnonymousClient(PublishedService service, TimeSpan? timeout = null) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = service.BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string ItemJson(string name, string? notes = null) =>
        JsonSerializer.Serialize(notes is null ? new Dictionary<string, string> { ["name"] = name } : new() { ["name"] = name, ["notes"] = notes });

    public static bool IsProblem(HttpResponseMessage response) =>
        string.Equals(response.Content.Headers.ContentType?.MediaType, ProblemJson, StringComparison.OrdinalIgnoreCase);

    /// <returns>The new item's id when the service answered 201, else null.</returns>
    public static async Task<(HttpStatusCode Status, string? Id)> CreateAsync(HttpClient client, string name, string? notes = null)
    {
        using var response = await client.PostAsync("/api/items", Json(ItemJson(name, notes)));
        return (response.StatusCode, await IdOfAsync(response));
    }

    public static async Task<string?> IdOfAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Created)
        {
            return null;
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString();
    }

    /// <summary>Every id a full paginated listing returns, duplicates kept so a test can see them.</summary>
    public static async Task<List<string>> ListAllIdsAsync(HttpClient client, int pageSize = 100, int maxPages = 1_000) =>
        [.. (await client.ListAllItemsAsync(pageSize, maxPages)).Select(item => item.Id)];
}
