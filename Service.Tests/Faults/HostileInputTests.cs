using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Switchyard.Items;
using Switchyard.Storage;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// Hundreds of generated bad requests against the published service (real Kestrel, so its
/// limits apply): none breaks it, every rejection the service answers is ProblemDetails,
/// and nothing is stored. Injection strings inside valid requests are stored as text.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class HostileInputTests(string kind) : PublishedServiceFixture(kind)
{
    private static readonly string[] InjectionStrings =
    [
        "Robert'); DROP TABLE items;--", "' OR '1'='1", "1; SELECT pg_sleep(10); --", "$1", "$$; DROP TABLE items; $$", "\\'; DELETE FROM items; --",
        "#name = :name", "attribute_not_exists(id) OR :x", "SET #version = :one REMOVE #name", ":one", "{\"S\":\"x\"}", "${jndi:ldap://127.0.0.1/a}",
        "{{7*7}}", "<%= 7*7 %>", "#{7*7}", "<script>alert(1)</script>", "%s%s%s%n", "../../etc/passwd", "🙂 ümlaut 中文", "\\u0000 as text", "NULL", "null",
    ];

    [Test]
    public async Task Hostile_requests_get_no_5xx_every_rejection_is_problem_details_and_nothing_isStored()
    {
        var (_, existingId) = await FaultHttp.CreateAsync(Client, "existing", "unchanged");
        var countBefore = await CountAsync(Store.Store);
        var credentials = Client.DefaultRequestHeaders.Authorization!.ToString();
        using var anonymous = FaultHttp.AnonymousClient(Service);
        var cases = HostileRequests.All(existingId!, credentials, PublishedService.Password).ToList();

        var watch = Stopwatch.StartNew();
        var outcomes = new List<HostileOutcome>();
        foreach (var hostile in cases.Take(2_000))
        {
            outcomes.Add(await HostileRequests.SendAsync(hostile, anonymous, Service.Port));
        }

        var elapsed = watch.Elapsed;
        var countAfter = await CountAsync(Store.Store);
        var existing = await Store.Store.GetAsync(existingId!, CancellationToken.None);
        var rejected = outcomes.Where(o => o.Status >= 400).ToList();
        var protocolLevel = outcomes.Where(o => o.Case.ProtocolLevel).ToList();
        var byStatus = string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

        Figures.Print($"{outcomes.Count} hostile requests in {elapsed.TotalSeconds:F1} s; statuses {byStatus}");
        Figures.Print($"{rejected.Count(o => o.IsProblem)} rejections answered as ProblemDetails; {protocolLevel.Count} rejected by Kestrel before the app " +
            $"({string.Join(", ", protocolLevel.GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"))}), empty body");
        Figures.Print($"items before {countBefore}, after {countAfter}; the existing item is at version {existing?.Version}");
        foreach (var outcome in outcomes.Where(o => (o.Status is < 400 or >= 500 && !o.Case.HalfClose) || (o.Status >= 400 && !o.IsProblem && !o.Case.ProtocolLevel)))
        {
            Figures.Print("UNEXPECTED " + outcome);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Has.Count.GreaterThanOrEqualTo(200), "At least 200 hostile requests were sent.");
            Assert.That(outcomes.Where(o => o.Status == 0 && !o.Case.HalfClose).ToList(), Is.Empty, "Every hostile request got an answer (but from a client that hung up).");
            Assert.That(outcomes.Where(o => o.Status >= 500).ToList(), Is.Empty, "No hostile request gets a 5xx.");
            Assert.That(outcomes.Where(o => o.Status is > 0 and < 400).ToList(), Is.Empty, "Every hostile request is rejected.");
            Assert.That(rejected, Has.Count.GreaterThanOrEqualTo(200), "At least 200 rejections were judged.");
            Assert.That(rejected.Where(o => !o.Case.ProtocolLevel && !o.IsProblem).ToList(), Is.Empty, "Every rejection the service answers is application/problem+json.");
            Assert.That(protocolLevel.Where(o => o.Status is < 400 or >= 500 || o.BodyLength != 0).ToList(), Is.Empty,
                "What Kestrel rejects before the app is a 4xx with an empty body.");
            Assert.That(countAfter, Is.EqualTo(countBefore), "Rejected requests store nothing.");
            Assert.That(existing, Is.Not.Null.And.Property(nameof(Item.Version)).EqualTo(1).And.Property(nameof(Item.Name)).EqualTo("existing"),
                "Rejected updates and deletes leave the item as it was.");
        }
    }

    [Test]
    public async Task Injection_strings_in_valid_requests_areStored_literally_and_never_executed()
    {
        var countBefore = await CountAsync(Store.Store);
        var stored = new List<(string Text, string Id, TimeSpan Took)>();
        foreach (var text in InjectionStrings)
        {
            var watch = Stopwatch.StartNew();
            var (status, id) = await FaultHttp.CreateAsync(Client, text, text + "\n" + text);
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), text);
            stored.Add((text, id!, watch.Elapsed));
        }

        var readBack = new List<(string Text, string? Name, string? Notes)>();
        foreach (var (text, id, _) in stored)
        {
            using var item = JsonDocument.Parse(await Client.GetStringAsync($"/api/items/{id}"));
            readBack.Add((text, item.RootElement.GetProperty("name").GetString(), item.RootElement.GetProperty("notes").GetString()));
        }

        var listed = await FaultHttp.ListAllIdsAsync(Client);
        var page = await Client.GetStringAsync("/");
        var countAfter = await CountAsync(Store.Store);

        Figures.Print($"{stored.Count} injection strings stored as name and notes; slowest create {stored.Max(s => s.Took).TotalMilliseconds:F0} ms; " +
            $"items before {countBefore}, after {countAfter}, listed {listed.Count}");

        using (Assert.EnterMultipleScope())
        {
            foreach (var (text, name, notes) in readBack)
            {
                Assert.That(name, Is.EqualTo(text), "The name reads back exactly as sent.");
                Assert.That(notes, Is.EqualTo(text + "\n" + text), "The notes read back exactly as sent.");
            }

            Assert.That(stored.Max(s => s.Took), Is.LessThan(TimeSpan.FromSeconds(5)), "pg_sleep(10) was not executed.");
            Assert.That(countAfter, Is.EqualTo(countBefore + InjectionStrings.Length), "Each string made exactly one item; nothing was dropped or deleted.");
            Assert.That(listed, Is.SupersetOf(stored.Select(s => s.Id)), "The table still lists every item.");
            Assert.That(page, Does.Not.Contain("<script>alert(1)</script>"), "The HTML page encodes stored text.");
            Assert.That(page, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"), "The HTML page shows the stored text, encoded.");
        }
    }

    private static async Task<int> CountAsync(IItemStore store)
    {
        var count = 0;
        string? cursor = null;
        for (var bound = new Bound(10_000, TimeSpan.FromMinutes(1)); bound.Next();)
        {
            var page = await store.ListAsync(ItemLimits.MaxPageSize, cursor, CancellationToken.None);
            count += page.Items.Count;
            if ((cursor = page.ContinueAfterId) is null)
            {
                return count;
            }
        }

        throw new InvalidOperationException("Counting the items did not finish within its bound.");
    }
}
