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
    public async Task The_reference_page_allows_exactly_its_own_nonce_tagged_script()
    {
        var page = await _service.Client.GetAsync(ApiReference.Path + "/");
        var html = await page.Content.ReadAsStringAsync();
        var nonces = ScriptNonce().Matches(html).Select(m => m.Groups["nonce"].Value).Distinct().ToList();
        var again = ScriptNonce().Match(await _service.Client.GetStringAsync(ApiReference.Path + "/")).Groups["nonce"].Value;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(nonces, Has.Count.EqualTo(1), "One nonce on every script tag of a response.");
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(ApiReference.ContentSecurityPolicy(nonces[0])));
            Assert.That(again, Is.Not.Empty.And.Not.EqualTo(nonces[0]), "Each response gets a fresh nonce.");
        }
    }

    [Test]
    public async Task The_reference_assets_keep_the_script_free_default_policy()
    {
        var asset = await _service.Client.GetAsync($"{ApiReference.Path}/scalar.js");

        Assert.That(asset.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo(Switchyard.Hosting.BrowserSecurity.ContentSecurityPolicy));
    }

    [Test]
    public async Task The_items_page_links_the_reference()
    {
        Assert.That(await _service.Client.GetStringAsync("/"), Does.Contain($"href=\"{ApiReference.Path}\""));
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"")]
    private static partial Regex ScriptSource();

    [GeneratedRegex("<script[^>]*\\snonce=\"(?<nonce>[^\"]+)\"")]
    private static partial Regex ScriptNonce();
}
