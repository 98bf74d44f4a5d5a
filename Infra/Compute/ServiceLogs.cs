using Pulumi;
using CloudWatch = Pulumi.Aws.CloudWatch;

namespace Switchyard.Infra.Compute;

/// <summary>The log group an ECS compute writes the container's stdout into, kept as long as the stack says.</summary>
public static class ServiceLogs
{
    public const string StreamPrefix = "service";

    public static CloudWatch.LogGroup Create(string name, StackSettings settings, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new CloudWatch.LogGroup(name, new CloudWatch.LogGroupArgs
        {
            RetentionInDays = settings.LogRetentionDays,
        }, new CustomResourceOptions { Parent = parent });
    }
}
