using System.Collections.Immutable;
using Pulumi;
using Switchyard.Infra.Compute;
using CloudWatch = Pulumi.Aws.CloudWatch;
using Sns = Pulumi.Aws.Sns;

namespace Switchyard.Infra.Operations;

public sealed class StackAlarmsArgs
{
    /// <summary>Address the topic e-mails (the subscriber confirms it once); empty for none.</summary>
    public required string Email { get; init; }
}

/// <summary>
/// The stack's alarms: one SNS topic (optionally e-mailing someone) and one CloudWatch
/// alarm per watched signal, notifying it on alarm and on recovery. The compute and the store
/// hand their signals to <see cref="Watch"/>; the dashboard and the cost estimate read
/// <see cref="Watches"/> afterwards.
/// </summary>
public sealed class StackAlarms : ComponentResource
{
    private readonly string _name;
    private readonly List<Watch> _watches = [];

    public Output<string> TopicArn { get; }

    /// <summary>Every signal watched so far, in the order they were handed in.</summary>
    public IReadOnlyList<Watch> Watches => _watches;

    public StackAlarms(string name, StackAlarmsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:operations:StackAlarms", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        _name = name;
        // No KMS key: CloudWatch cannot publish to a topic under the AWS-managed key (aws/sns), whose
        // policy cannot grant it, and an alarm notification carries only the alarm's name and state.
        var topic = new Sns.Topic($"{name}-topic", new Sns.TopicArgs(), new CustomResourceOptions { Parent = this });
        if (args.Email.Length > 0)
        {
            _ = new Sns.TopicSubscription($"{name}-email", new Sns.TopicSubscriptionArgs
            {
                Topic = topic.Arn,
                Protocol = "email",
                Endpoint = args.Email,
            }, new CustomResourceOptions { Parent = this });
        }

        TopicArn = topic.Arn;
        RegisterOutputs(new Dictionary<string, object?> { ["topicArn"] = TopicArn });
    }

    /// <summary>
    /// Creates an alarm for each signal and returns the names of those that guard deployments,
    /// for an ECS service's deployment alarms (which then depend on the alarms existing).
    /// </summary>
    public Output<ImmutableArray<string>> Watch(IEnumerable<Watch> watches)
    {
        ArgumentNullException.ThrowIfNull(watches);
        var guards = new List<Output<string>>();
        foreach (var watch in watches)
        {
            if (_watches.Any(w => w.Id == watch.Id))
            {
                throw new ArgumentException($"Two watched signals share the id '{watch.Id}'.", nameof(watches));
            }

            _watches.Add(watch);
            var alarm = CreateAlarm(watch);
            if (watch.GuardsDeployments)
            {
                guards.Add(alarm.Name);
            }
        }

        return Output.All(guards);
    }

    private CloudWatch.MetricAlarm CreateAlarm(Watch watch)
    {
        var args = new CloudWatch.MetricAlarmArgs
        {
            AlarmDescription = watch.Description,
            ComparisonOperator = watch.Comparison,
            Threshold = watch.Threshold,
            EvaluationPeriods = watch.EvaluationPeriods,
            DatapointsToAlarm = watch.EvaluationPeriods,
            TreatMissingData = watch.MissingData,
            AlarmActions = { TopicArn },
            OkActions = { TopicArn },
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
                    Dimensions = ContainerEnvironment.ToInputMap(series.Dimensions),
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

        return new CloudWatch.MetricAlarm($"{_name}-{watch.Id}", args, new CustomResourceOptions { Parent = this });
    }
}
