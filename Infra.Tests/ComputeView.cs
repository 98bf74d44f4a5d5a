using System.Globalization;
using System.Text.Json;

namespace Switchyard.Infra.Tests;

/// <summary>
/// What a compute hands the service, read the same way whichever compute it is, so one rule
/// can be checked against every architecture: the container's plain variables and secret
/// references, its image and port, every health check path, the runtime role, the security
/// group the compute's network traffic carries, and the log groups the container writes to.
/// </summary>
public sealed record ComputeView(
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string> Secrets,
    string? Image,
    int? Port,
    IReadOnlyList<string?> HealthCheckPaths,
    string? RuntimeRoleArn,
    string? SecurityGroupId,
    IReadOnlyList<string?> LogGroupNames)
{
    public const string AppRunnerService = "aws:apprunner/service:Service";
    public const string EcsService = "aws:ecs/service:Service";
    public const string ExpressService = "aws:ecs/expressGatewayService:ExpressGatewayService";

    public static ComputeView Of(StackRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.OfType(AppRunnerService).Any())
        {
            return OfAppRunner(run);
        }

        return run.OfType(ExpressService).Any() ? OfExpress(run) : OfFargate(run);
    }

    private static ComputeView OfAppRunner(StackRun run)
    {
        var service = run.Sole(AppRunnerService).Inputs;
        var image = service.Path("sourceConfiguration", "imageRepository");
        var configuration = image.Map("imageConfiguration");
        var connector = run.OfType("aws:apprunner/vpcConnector:VpcConnector").SingleOrDefault();
        return new ComputeView(
            Strings(configuration.Map("runtimeEnvironmentVariables")),
            Strings(configuration.Map("runtimeEnvironmentSecrets")),
            image.Text("imageIdentifier"),
            int.Parse(configuration.Text("port") ?? "0", CultureInfo.InvariantCulture),
            [service.Map("healthCheckConfiguration").Text("path")],
            service.Map("instanceConfiguration").Text("instanceRoleArn"),
            connector?.Inputs.Texts("securityGroups").Single(),
            []);
    }

    private static ComputeView OfFargate(StackRun run)
    {
        var task = run.Sole("aws:ecs/taskDefinition:TaskDefinition").Inputs;
        using var document = JsonDocument.Parse(task.Text("containerDefinitions")!);
        var container = document.RootElement.EnumerateArray().Single();
        var service = run.Sole(EcsService).Inputs;
        return new ComputeView(
            Pairs(container, "environment", "value"),
            Pairs(container, "secrets", "valueFrom"),
            container.GetProperty("image").GetString(),
            container.GetProperty("portMappings").EnumerateArray().Single().GetProperty("containerPort").GetInt32(),
            [run.Sole("aws:lb/targetGroup:TargetGroup").Inputs.Map("healthCheck").Text("path")],
            task.Text("taskRoleArn"),
            service.Map("networkConfiguration").Texts("securityGroups").Single(),
            [container.GetProperty("logConfiguration").GetProperty("options").GetProperty("awslogs-group").GetString()]);
    }

    private static ComputeView OfExpress(StackRun run)
    {
        var service = run.Sole(ExpressService).Inputs;
        var container = service.Map("primaryContainer");
        var network = (IReadOnlyDictionary<string, object>)service.List("networkConfigurations").Single();
        return new ComputeView(
            Entries(container, "environments", "value"),
            Entries(container, "secrets", "valueFrom"),
            container.Text("image"),
            container.Number("containerPort"),
            [service.Text("healthCheckPath")],
            service.Text("taskRoleArn"),
            network.Texts("securityGroups").Single(),
            [.. container.List("awsLogsConfigurations").Cast<IReadOnlyDictionary<string, object>>().Select(c => c.Text("logGroup"))]);
    }

    private static Dictionary<string, string> Strings(IReadOnlyDictionary<string, object> map) =>
        map.ToDictionary(e => e.Key, e => (string)e.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> Entries(IReadOnlyDictionary<string, object> container, string list, string valueName) =>
        container.List(list).Cast<IReadOnlyDictionary<string, object>>()
            .ToDictionary(e => e.Text("name")!, e => e.Text(valueName)!, StringComparer.Ordinal);

    private static Dictionary<string, string> Pairs(JsonElement container, string property, string valueName) =>
        container.GetProperty(property).EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => e.GetProperty(valueName).GetString()!,
            StringComparer.Ordinal);
}

/// <summary>One statement of an inline role policy.</summary>
public sealed record PolicyStatement(string PolicyName, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources);

public static class RolePolicies
{
    /// <summary>Every statement of every inline policy on the role with this ARN.</summary>
    public static IReadOnlyList<PolicyStatement> Of(StackRun run, string? roleArn)
    {
        ArgumentNullException.ThrowIfNull(run);
        var role = run.WithArn("aws:iam/role:Role", roleArn);
        return [.. run.OfType("aws:iam/rolePolicy:RolePolicy")
            .Where(p => p.Inputs.Text("role") == role.State.Text("name"))
            .SelectMany(p => Statements(p.Name, p.Inputs.Text("policy")!))];
    }

    /// <summary>The managed policies attached to the role with this ARN.</summary>
    public static IReadOnlyList<string?> ManagedOf(StackRun run, string? roleArn)
    {
        ArgumentNullException.ThrowIfNull(run);
        var role = run.WithArn("aws:iam/role:Role", roleArn);
        return [.. run.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .Where(a => a.Inputs.Text("role") == role.State.Text("name"))
            .Select(a => a.Inputs.Text("policyArn"))];
    }

    private static IEnumerable<PolicyStatement> Statements(string policyName, string policy)
    {
        using var document = JsonDocument.Parse(policy);
        return [.. document.RootElement.GetProperty("Statement").EnumerateArray().Select(s => new PolicyStatement(
            policyName,
            [.. s.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!)],
            [.. s.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()!)]))];
    }
}
