using System.Collections.Immutable;
using Pulumi;
using Switchyard.Infra.Architectures;
using CloudWatch = Pulumi.Aws.CloudWatch;
using Sns = Pulumi.Aws.Sns;

namespace Switchyard.Infra.Operations;

public sealed class StackAlarmsArgs
{
    /// <summary>Every signal the stack's compute and store publish.</summary>
    public required IReadOnlyList<Watch> Watches { get; init; }

    /// <summary>Address the topic e-mails (the subscriber confirms it once); empty for none.</summary>
    public required string Email { get; init; }
}

/// <summary>
/// One CloudWatch alarm per watched signal, all notifying one SNS topic (alarm and recovery).
/// The alarms that guard deployments are named for ECS's deployment alarms.
/// </summary>
public sealed class StackAlarms : ComponentResource
{
    public Output<string> TopicArn { get; }

    /// <summary>Names of the alarms an ECS deployment watches and rolls back on.</summary>
    public Output<ImmutableArray<string>> DeploymentAlarmNames { get; }

    public StackAlarms(string name, StackAlarmsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:operations:StackAlarms", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var duplicate = args.Watches.GroupBy(w => w.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two watched signals share the id '{duplicate.Key}'.", nameof(args));
        }

        var topic = new Sns.Topic($"{name}-topic", new Sns.TopicArgs
        {
            // The AWS-managed SNS key: messages are encrypted at rest, and CloudWatch may publish.
            KmsMasterKeyId = "alias/aws/sns",
        }, new CustomResourceOptions { Parent = this });
        if (args.Email.Length > 0)
        {
            _ = new Sns.TopicSubscription($"{name}-email", new Sns.TopicSubscriptionArgs
            {
                Topic = topic.Arn,
                Protocol = "email",
                Endpoint = args.Email,
            }, new CustomResourceOptions { Parent = this });
        }

        var alarms = args.Watches.Select(w => (Watch: w, Alarm: CreateAlarm(name, w, topic.Arn))).ToList();
        TopicArn = topic.Arn;
        DeploymentAlarmNames = Output.All(alarms.Where(a => a.Watch.GuardsDeployments).Select(a => a.Alarm.Name));
        RegisterOutputs(new Dictionary<string, object?> { ["topicArn"] = TopicArn, ["deploymentAlarmNames"] = DeploymentAlarmNames });
    }

    private CloudWatch.MetricAlarm CreateAlarm(string name, Watch watch, Output<string> topicArn)
    {
        var args = new CloudWatch.MetricAlarmArgs
        {
            AlarmDescription = watch.Description,
            ComparisonOperator = watch.Comparison,
            Threshold = watch.Threshold,
            EvaluationPeriods = watch.EvaluationPeriods,
            DatapointsToAlarm = watch.EvaluationPeriods,
            TreatMissingData = watch.MissingData,
            AlarmActions = { topicArn },
            OkActions = { topicArn },
        };
        foreach (var series in watch.Series)
        {
            args.MetricQueries.Add(new CloudWatch.Inputs.MetricAlarmMetricQueryArgs
            {
                Id = series.Id,
                ReturnData = watch.Expression is null,
                Metric = new CloudWatch.Inputs.MetricAlarmMetricQueryMetricArgs
                {
                    Namespace = series.Namespace,
                    MetricName = series.MetricName,
                    Dimensions = ContainerContract.ToInputMap(series.Dimensions),
                    Stat = series.Stat,
                    Period = watch.PeriodSeconds,
                },
            });
        }

        if (watch.Expression is not null)
        {
            args.MetricQueries.Add(new CloudWatch.Inputs.MetricAlarmMetricQueryArgs
            {
                Id = "signal",
                Expression = watch.Expression,
                Label = watch.Description,
                ReturnData = true,
            });
        }

        return new CloudWatch.MetricAlarm($"{name}-{watch.Id}", args, new CustomResourceOptions { Parent = this });
    }
}
