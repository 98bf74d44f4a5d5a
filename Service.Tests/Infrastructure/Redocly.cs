using System.Text.Json;

namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// Redocly CLI (the npm package pinned in tools/redocly) linting an OpenAPI document with the
/// rules of the committed redocly.yaml. Runs offline: no telemetry, no update check.
/// </summary>
public static class Redocly
{
    private const string PackageFolder = "tools/redocly";

    private static readonly Dictionary<string, string> Offline = new()
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
    };

    /// <summary>Every problem the linter reports, one line each (severity, rule, where, what); empty when the document is clean.</summary>
    public static async Task<IReadOnlyList<string>> LintAsync(string document)
    {
        var cli = await NpmTools.FindOrInstallAsync(PackageFolder, folder =>
        {
            var path = Path.Combine(folder, "node_modules", "@redocly", "cli", "bin", "cli.js");
            return File.Exists(path) ? path : null;
        });
        var node = LocalProcess.OnPath("node") ?? throw new InvalidOperationException("Redocly CLI needs Node.js 20.19 or newer: node is not on PATH.");
        var file = Path.Combine(Directory.CreateTempSubdirectory("switchyard-openapi-").FullName, "openapi.json");
        await File.WriteAllTextAsync(file, document);
        try
        {
            var config = Path.Combine(LocalProcess.RepositoryRoot(), "redocly.yaml");
            var (exitCode, stdout, stderr) = await LocalProcess.RunToEndAsync(
                node, [cli, "lint", file, "--config", config, "--format", "json"], environment: Offline, timeout: TimeSpan.FromMinutes(2));
            return Problems(exitCode, stdout, stderr);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    private static List<string> Problems(int exitCode, string stdout, string stderr)
    {
        JsonElement report;
        try
        {
            report = JsonDocument.Parse(stdout).RootElement;
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"Redocly CLI gave no report (exit code {exitCode}):\n{stdout}\n{stderr}");
        }

        var problems = report.GetProperty("problems").EnumerateArray().Select(problem =>
        {
            var where = problem.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()).FirstOrDefault();
            return $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()} at {where}: {problem.GetProperty("message").GetString()}";
        }).ToList();
        if (exitCode != 0 && problems.Count == 0)
        {
            throw new InvalidOperationException($"Redocly CLI failed with exit code {exitCode} and reported no problem:\n{stderr}");
        }

        return problems;
    }
}
