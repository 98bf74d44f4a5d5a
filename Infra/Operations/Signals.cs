using Pulumi;

namespace Switchyard.Infra.Operations;

/// <summary>
/// The signals each compute and store publishes, in the namespaces and with the dimensions AWS
/// documents for them. A compute or store picks its entry and hands the list to
/// <see cref="StackAlarms"/> and <see cref="StackDashboard"/>.
/// </summary>
public static class Signals
{
    private const double BytesPerGb = 1024d * 1024 * 1024;
    private const double BytesPerMb = 1024d * 1024;

    /// <summary>
    /// An ALB in front of one target group (Fargate): 5xx share counts the targets' and the load
    /// balancer's own 5xx; latency is TargetResponseTime (seconds).
    /// </summary>
    public static IReadOnlyList<Watch> LoadBalancer(Output<string> loadBalancerArnSuffix, Output<string> targetGroupArnSuffix, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        const string ns = "AWS/ApplicationELB";
        var balancer = Dimensions(("LoadBalancer", loadBalancerArnSuffix));
        var target = Dimensions(("LoadBalancer", loadBalancerArnSuffix), ("TargetGroup", targetGroupArnSuffix));
        return
        [
            ErrorShare(thresholds,
                new MetricSeries("requests", ns, "RequestCount", target, "Sum"),
                new MetricSeries("target5xx", ns, "HTTPCode_Target_5XX_Count", target, "Sum"),
                new MetricSeries("elb5xx", ns, "HTTPCode_ELB_5XX_Count", balancer, "Sum")),
            Single("latency-p99", "p99 response time (TargetResponseTime, seconds)",
                new MetricSeries("latency", ns, "TargetResponseTime", target, "p99"), Watch.Above, thresholds.LatencyMs / 1000),
            Single("unhealthy-targets", "Targets failing the /healthz health check",
                new MetricSeries("unhealthy", ns, "UnHealthyHostCount", target, "Maximum"), Watch.Above, 0) with
            {
                PeriodSeconds = 60,
                EvaluationPeriods = 3,
            },
        ];
    }

    /// <summary>
    /// An ECS service's CPU and memory (AWS/ECS, free, per service). ECS publishes nothing for a
    /// service without running tasks, so a missing CPU sample means no task is left.
    /// </summary>
    public static IReadOnlyList<Watch> EcsService(Output<string> clusterName, Output<string> serviceName, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        const string ns = "AWS/ECS";
        var service = Dimensions(("ClusterName", clusterName), ("ServiceName", serviceName));
        return
        [
            Single("cpu", "Service CPU utilisation (%)", new MetricSeries("cpu", ns, "CPUUtilization", service, "Average"), Watch.Above, thresholds.CpuPercent),
            Single("memory", "Service memory utilisation (%)", new MetricSeries("memory", ns, "MemoryUtilization", service, "Average"), Watch.Above, thresholds.MemoryPercent),
            Single("no-running-tasks", "Running tasks reporting metrics",
                new MetricSeries("tasks", ns, "CPUUtilization", service, "SampleCount"), Watch.Below, 1) with
            {
                MissingData = "breaching",
                PeriodSeconds = 60,
                EvaluationPeriods = 3,
            },
        ];
    }

    /// <summary>App Runner's own namespace, per service (ServiceName + ServiceID); latency in milliseconds.</summary>
    public static IReadOnlyList<Watch> AppRunner(Output<string> serviceName, Output<string> serviceId, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        const string ns = "AWS/AppRunner";
        var service = Dimensions(("ServiceName", serviceName), ("ServiceID", serviceId));
        return
        [
            ErrorShare(thresholds,
                new MetricSeries("requests", ns, "Requests", service, "Sum"),
                new MetricSeries("service5xx", ns, "5xxStatusResponses", service, "Sum")),
            Single("latency-p99", "p99 request latency (ms)", new MetricSeries("latency", ns, "RequestLatency", service, "p99"), Watch.Above, thresholds.LatencyMs),
            Single("no-active-instances", "Active instances",
                new MetricSeries("instances", ns, "ActiveInstances", service, "Minimum"), Watch.Below, 1) with
            {
                MissingData = "breaching",
                PeriodSeconds = 60,
                EvaluationPeriods = 3,
            },
            Single("cpu", "Instance CPU utilisation (%)", new MetricSeries("cpu", ns, "CPUUtilization", service, "Average"), Watch.Above, thresholds.CpuPercent),
            Single("memory", "Instance memory utilisation (%)", new MetricSeries("memory", ns, "MemoryUtilization", service, "Average"), Watch.Above, thresholds.MemoryPercent),
        ];
    }

    /// <summary>An RDS instance; the connection alarm is a share of the <paramref name="maxConnections"/> the pool budget is cut from.</summary>
    public static IReadOnlyList<Watch> Postgres(Output<string> instanceIdentifier, int maxConnections, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        const string ns = "AWS/RDS";
        var instance = Dimensions(("DBInstanceIdentifier", instanceIdentifier));
        return
        [
            Single("db-cpu", "Database CPU utilisation (%)", new MetricSeries("cpu", ns, "CPUUtilization", instance, "Average"), Watch.Above, thresholds.CpuPercent),
            Single("db-free-storage", "Database free storage (bytes)",
                new MetricSeries("storage", ns, "FreeStorageSpace", instance, "Minimum"), Watch.Below, thresholds.DbFreeStorageGb * BytesPerGb),
            Single("db-connections", $"Database connections (of max_connections {maxConnections})",
                new MetricSeries("connections", ns, "DatabaseConnections", instance, "Maximum"), Watch.Above,
                Math.Floor(maxConnections * thresholds.DbConnectionsPercent / 100)),
            Single("db-freeable-memory", "Database freeable memory (bytes)",
                new MetricSeries("memory", ns, "FreeableMemory", instance, "Minimum"), Watch.Below, thresholds.DbFreeableMemoryMb * BytesPerMb),
        ];
    }

    /// <summary>
    /// A DynamoDB table. ThrottledRequests and SystemErrors are published per operation
    /// (TableName + Operation), so each alarm sums the operations the store performs.
    /// </summary>
    public static IReadOnlyList<Watch> DynamoDb(Output<string> tableName, IReadOnlyList<string> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return
        [
            SumOverOperations("throttled-requests", "Throttled requests", "ThrottledRequests", tableName, operations),
            SumOverOperations("system-errors", "DynamoDB system errors", "SystemErrors", tableName, operations),
        ];
    }

    private static Watch ErrorShare(AlarmThresholds thresholds, MetricSeries requests, params MetricSeries[] errors)
    {
        var sum = string.Join(" + ", errors.Select(e => $"FILL({e.Id}, 0)"));
        return new Watch
        {
            Id = "server-errors",
            Description = "Share of requests answered 5xx (%)",
            Series = [requests, .. errors],
            Expression = $"IF({requests.Id} > 0, 100 * ({sum}) / {requests.Id}, 0)",
            Comparison = Watch.Above,
            Threshold = thresholds.ErrorPercent,
            GuardsDeployments = true,
        };
    }

    private static Watch SumOverOperations(string id, string description, string metric, Output<string> tableName, IReadOnlyList<string> operations)
    {
        var series = operations.Select((operation, i) => new MetricSeries(
            $"op{i}", "AWS/DynamoDB", metric, Dimensions(("TableName", tableName), ("Operation", Output.Create(operation))), "Sum")).ToList();
        return new Watch
        {
            Id = id,
            Description = $"{description} ({string.Join(", ", operations)})",
            Series = series,
            Expression = string.Join(" + ", series.Select(s => $"FILL({s.Id}, 0)")),
            Comparison = Watch.Above,
            Threshold = 0,
        };
    }

    private static Watch Single(string id, string description, MetricSeries series, string comparison, double threshold) => new()
    {
        Id = id,
        Description = description,
        Series = [series],
        Comparison = comparison,
        Threshold = threshold,
    };

    private static Dictionary<string, Output<string>> Dimensions(params (string Name, Output<string> Value)[] dimensions) =>
        dimensions.ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal);
}
