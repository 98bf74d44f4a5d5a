using Pulumi;

namespace Switchyard.Infra.Operations;

/// <summary>One CloudWatch metric with the statistic to read from it.</summary>
/// <param name="Id">Lower-case id that a metric-math expression refers to.</param>
public sealed record MetricSeries(
    string Id, string Namespace, string MetricName, IReadOnlyDictionary<string, Output<string>> Dimensions, string Stat);

/// <summary>
/// One signal the stack watches: the metrics it reads, an optional metric-math expression over
/// them, and when it is bad. The alarms and the dashboard are both built from these, so what is
/// graphed is exactly what pages.
/// </summary>
public sealed record Watch
{
    public const string Above = "GreaterThanThreshold";
    public const string Below = "LessThanThreshold";

    /// <summary>Short kebab-case name, unique within a stack: part of the alarm's resource name.</summary>
    public required string Id { get; init; }
    public required string Description { get; init; }
    public required IReadOnlyList<MetricSeries> Series { get; init; }

    /// <summary>Metric math over <see cref="Series"/> ids; null when the one series is the signal.</summary>
    public string? Expression { get; init; }
    public required string Comparison { get; init; }
    public required double Threshold { get; init; }

    /// <summary>What no data means; "breaching" where silence itself is the failure (no instance left).</summary>
    public string MissingData { get; init; } = "notBreaching";
    public int PeriodSeconds { get; init; } = 300;
    public int EvaluationPeriods { get; init; } = 1;

    /// <summary>An ECS deployment that sets this alarm off is rolled back.</summary>
    public bool GuardsDeployments { get; init; }
}
