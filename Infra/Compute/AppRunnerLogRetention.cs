using System.Text.Json;
using Pulumi;
using Switchyard.Infra.Security;
using CloudWatch = Pulumi.Aws.CloudWatch;
using Lambda = Pulumi.Aws.Lambda;

namespace Switchyard.Infra.Compute;

public sealed class AppRunnerLogRetentionArgs
{
    public required Output<string> ServiceName { get; init; }
    public required Output<string> ServiceId { get; init; }
    public required int RetentionDays { get; init; }
}

/// <summary>
/// Retention for the log groups App Runner writes: <c>/aws/apprunner/&lt;name&gt;/&lt;id&gt;/service</c>
/// (deployments, health checks) and <c>…/application</c> (the service's stdout). App Runner creates
/// them itself, without retention, and names them after the service id, which exists only once the
/// service does: they cannot be created ahead, and a Pulumi import needs its id before the program
/// runs. So a small function, invoked once per service id and retention, creates whichever group is
/// still missing and sets the retention on both.
/// </summary>
public sealed class AppRunnerLogRetention : ComponentResource
{
    public static IReadOnlyList<string> LogKinds { get; } = ["service", "application"];

    /// <summary>The whole function: idempotent, so a re-invocation after a retention change is harmless.</summary>
    public const string Handler = """
        import boto3

        logs = boto3.client("logs")


        def handler(event, context):
            for name in event["logGroups"]:
                try:
                    logs.create_log_group(logGroupName=name)
                except logs.exceptions.ResourceAlreadyExistsException:
                    pass
                logs.put_retention_policy(logGroupName=name, retentionInDays=event["retentionDays"])
            return event
        """;

    public AppRunnerLogRetention(string name, AppRunnerLogRetentionArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:compute:AppRunnerLogRetention", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var child = new CustomResourceOptions { Parent = this };
        var functionLogs = new CloudWatch.LogGroup($"{name}-function-logs", new CloudWatch.LogGroupArgs
        {
            RetentionInDays = args.RetentionDays,
        }, child);
        var groups = args.ServiceName.Apply(serviceName => $"arn:aws:logs:*:*:log-group:/aws/apprunner/{serviceName}/*");
        var role = ServiceRoles.Create($"{name}-function", "lambda.amazonaws.com", this);
        var policy = ServiceRoles.AddInline($"{name}-function-logs", role, IamPolicy.Allow(
        [
            new IamGrant(["logs:CreateLogGroup", "logs:PutRetentionPolicy"], groups),
            new IamGrant(["logs:CreateLogStream", "logs:PutLogEvents"], Output.Format($"{functionLogs.Arn}:*")),
        ]), this);

        var function = new Lambda.Function($"{name}-function", new Lambda.FunctionArgs
        {
            Runtime = "python3.12",
            Handler = "index.handler",
            Role = role.Arn,
            Timeout = 30,
            Code = new AssetArchive(new Dictionary<string, AssetOrArchive> { ["index.py"] = new StringAsset(Handler) }),
            LoggingConfig = new Lambda.Inputs.FunctionLoggingConfigArgs { LogFormat = "Text", LogGroup = functionLogs.Name },
        }, new CustomResourceOptions { Parent = this, DependsOn = { policy } });

        _ = new Lambda.Invocation($"{name}-apply", new Lambda.InvocationArgs
        {
            FunctionName = function.Name,
            Input = Output.Tuple(args.ServiceName, args.ServiceId).Apply(t => Input(t.Item1, t.Item2, args.RetentionDays)),
        }, child);
        RegisterOutputs();
    }

    /// <summary>The event the function gets: both group names and the retention.</summary>
    public static string Input(string serviceName, string serviceId, int retentionDays) => JsonSerializer.Serialize(new
    {
        logGroups = LogKinds.Select(kind => $"/aws/apprunner/{serviceName}/{serviceId}/{kind}").ToArray(),
        retentionDays,
    });
}
