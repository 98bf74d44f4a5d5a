using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.ApiContract;

/// <summary>
/// openapi/v1.json: the document the service serves, committed so that the build can generate a
/// client from it and a reviewer sees every change to the contract as a diff.
/// </summary>
internal static class ApiContractFile
{
    public static string Path => System.IO.Path.Combine(LocalProcess.RepositoryRoot(), "openapi", "v1.json");

    /// <summary>Where a differing served document is written for review (ignored by git).</summary>
    public static string ServedPath => System.IO.Path.Combine(LocalProcess.RepositoryRoot(), "openapi", "v1.served.json");
}
