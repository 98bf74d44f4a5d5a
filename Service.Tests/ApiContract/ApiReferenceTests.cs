using System.Net;
using System.Text.RegularExpressions;
using Switchyard.Hosting.OpenApi;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.ApiContract;

/// <summary>The interactive reference at /docs: behind basic auth, served whole by the service, reading the served document.</summary>
public sealed partial class ApiReferenceTests
{
    private static readonly string[] ScalarScripts = ["scalar.js", "scalar.aspnetcore.js"];

    private ServiceOnStore _service = null!;

    [OneTimeSetUp]
    public async Task StartService() => _service = await ServiceOnStore.StartAsync(ServiceEnvironment.StoreKinds.Postgres);

    [OneTimeTearDown]
    public async Task StopService() => await _service.DisposeAsync();

    [TestCase("/docs")]
    [TestCase("/docs/")]
    [TestCase("/docs/scalar.js")]
    public async Task The_reference_needs_basic_auth(string path)
    {
        using var anonymous = _service.Factory.CreateClient();

        var response = await anonymous.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
    }

    [Test]
    public async Task The_reference_is_served_by_the_service_and_reads_the_served_document_with_basic_auth()
    {
        var redirect = await _service.Client.GetAsync(ApiReference.Path);
        Assert.That((redirect.StatusCode, redirect.Headers.Location?.ToString()), Is.EqualTo((HttpStatusCode.Found, "docs/")));

        var page = await _service.Client.GetAsync(ApiReference.Path + "/");
        var html = await page.Content.ReadAsStringAsync();
        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(html, Does.Contain($"\"url\":\"{ApiDocument.Path.TrimStart('/')}\"").And.Contain($"\"{ApiDocument.BasicAuthScheme}\""));
            Assert.That(html, Does.Contain("nonce=\""), "Script tags carry a nonce a Content-Security-Policy can name.");
            Assert.That(scripts, Is.EquivalentTo(ScalarScripts), "Every script comes from the service itself.");
        }

        foreach (var script in scripts)
        {
            var asset = await _service.Client.GetAsync($"{ApiReference.Path}/{script}");
            Assert.That((asset.StatusCode, asset.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "text/javascript")), script);
        }
    }

    [Test]
    public async Task The_items_page_links_the_reference()
    {
        Assert.That(await _service.Client.GetStringAsync("/"), Does.Contain($"href=\"{ApiReference.Path}\""));
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSource();
}
