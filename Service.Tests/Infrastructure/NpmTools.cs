namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// The tools the suite runs that come pinned as npm packages, one folder each under tools/
/// (package.json + package-lock.json). CI installs them; a test that finds one missing installs
/// it with <c>npm ci</c> once, so a fresh clone needs only Node.js and npm.
/// </summary>
public static class NpmTools
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>
    /// The file <paramref name="find"/> locates in the installed package folder
    /// <paramref name="packageFolder"/> (relative to the repository root), installing the folder first if needed.
    /// </summary>
    public static async Task<string> FindOrInstallAsync(string packageFolder, Func<string, string?> find, string otherwise = "")
    {
        var folder = Path.Combine(LocalProcess.RepositoryRoot(), packageFolder);
        await Installing.WaitAsync();
        try
        {
            if (find(folder) is { } found)
            {
                return found;
            }

            var npm = LocalProcess.OnPath("npm") ?? throw new InvalidOperationException(
                $"{packageFolder} is not installed and npm is missing: install Node.js 20 and run 'npm ci --prefix {packageFolder}'{otherwise}.");
            TestContext.Progress.WriteLine($"Installing {packageFolder}: npm ci --prefix {packageFolder}");
            await LocalProcess.RunAsync(npm, ["ci", "--prefix", folder, "--no-audit", "--no-fund"], timeout: TimeSpan.FromMinutes(5));
            return find(folder) ?? throw new InvalidOperationException($"npm ci --prefix {packageFolder} ran, but what the suite needs from it is not there.");
        }
        finally
        {
            Installing.Release();
        }
    }
}
