using Switchyard.Hosting.OpenApi;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.ApiContract;

/// <summary>
/// The document each store's service serves is, byte for byte, the committed contract the
/// generated client is built from: the client cannot drift from the service unnoticed.
/// </summary>
[TestFixture(ServiceEnvironment.StoreKinds.Postgres)]
[TestFixture(ServiceEnvironment.StoreKinds.DynamoDb)]
public sealed class ApiContractTests(string kind) : InProcessServiceFixture(kind)
{
    [Test]
    public async Task The_served_document_is_the_committed_contract()
    {
        var served = (await Client.GetStringAsync(ApiDocument.Path)).TrimEnd() + "\n";
        var committed = await File.ReadAllTextAsync(ApiContractFile.Path);

        if (served != committed)
        {
            await File.WriteAllTextAsync(ApiContractFile.ServedPath, served);
        }

        Assert.That(served, Is.EqualTo(committed),
            $"The served OpenAPI document differs from openapi/v1.json. It is written to openapi/v1.served.json: " +
            "review `diff openapi/v1.json openapi/v1.served.json`, and if the change is meant, move it over openapi/v1.json and rebuild (the client is generated from it).");
    }
}
