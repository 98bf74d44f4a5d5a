using System.Net;
using Switchyard.Hosting;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// Behind a load balancer, the page's form can be served by one instance and posted to another,
/// or to the same one after a restart; containers share no disk where a key ring could live.
/// Two published services over one store, each with a home folder of its own, accept each other's forms.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class FormAcrossInstancesTests(string kind) : PublishedServiceFixture(kind)
{
    [Test]
    public async Task A_form_served_by_one_instance_is_accepted_by_another_with_no_shared_disk()
    {
        var home = Directory.CreateTempSubdirectory("switchyard-home-").FullName;
        try
        {
            await using var other = await PublishedService.StartAsync(new Dictionary<string, string>(Store.Environment) { ["HOME"] = home });
            using var otherClient = FaultHttp.AuthorizedClient(other);
            var name = $"across instances {Guid.NewGuid():N}";

            using var page = await Client.GetAsync("/");
            var html = await page.Content.ReadAsStringAsync();
            using var post = new HttpRequestMessage(HttpMethod.Post, "/items")
            {
                Content = new FormUrlEncodedContent([new(BrowserSecurity.AntiforgeryFieldName, PageForms.TokenIn(html)), new("name", name)]),
            };
            post.Headers.Add("Cookie", page.Headers.GetValues("Set-Cookie").Single().Split(';')[0]);
            using var response = await otherClient.SendAsync(post);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await response.Content.ReadAsStringAsync());
            Assert.That((await Client.ListAllItemsAsync()).Select(item => item.Name), Does.Contain(name));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
