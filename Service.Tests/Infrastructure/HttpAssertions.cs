using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchyard.Items;

namespace Switchyard.Tests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 7807 answer with the status, and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(status), body);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        }

        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)status), body);
        return problem;
    }

    /// <summary>Asserts a 400 whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task AssertInvalidFieldAsync(this HttpResponseMessage response, string field)
    {
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(errors, Does.Contain(field), problem.ToString());
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>
    /// Follows <c>nextCursor</c> from the first page to the last and returns every item listed,
    /// checking that no page holds more than <paramref name="pageSize"/>; fails if the listing
    /// does not end within <paramref name="maxPages"/> pages or two minutes.
    /// </summary>
    public static async Task<List<Item>> ListAllItemsAsync(this HttpClient client, int pageSize = 100, int maxPages = 1_000)
    {
        var items = new List<Item>();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string? cursor = null;
        for (var pages = 0; pages < maxPages && DateTime.UtcNow < deadline; pages++)
        {
            var url = $"/api/items?limit={pageSize}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await (await client.GetAsync(url)).ReadJsonAsync<ItemList>(HttpStatusCode.OK);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(pageSize));
            items.AddRange(page.Items);
            if ((cursor = page.NextCursor) is null)
            {
                return items;
            }
        }

        throw new AssertionException($"The listing did not end within {maxPages} pages or two minutes.");
    }

    public static Task<HttpResponseMessage> PostItemAsync(this HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/items", body);
}
