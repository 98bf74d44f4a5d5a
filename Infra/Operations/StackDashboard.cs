using System.Text.Json.Nodes;
using Pulumi;
using Switchyard.Infra.Compute;
using CloudWatch = Pulumi.Aws.CloudWatch;

namespace Switchyard.Infra.Operations;

public sealed class StackDashboardArgs
{
    public required string Region { get; init; }

    /// <summary>The same signals the alarms watch, graphed in this order with their thresholds.</summary>
    public required IReadOnlyList<Watch> Watches { get; init; }
}

/// <summary>One CloudWatch dashboard per stack: a graph per watched signal, its alarm threshold drawn on it.</summary>
public sealed class StackDashboard : ComponentResource
{
    private const int Columns = 2;
    private const int WidgetWidth = 12;
    private const int WidgetHeight = 6;

    public Output<string> Url { get; }

    public StackDashboard(string name, StackDashboardArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:operations:StackDashboard", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var dashboardName = $"{name}-{Deployment.Instance.StackName}";
        var widgets = args.Watches.Select((watch, index) => Widget(watch, index, args.Region));
        var dashboard = new CloudWatch.Dashboard($"{name}-dashboard", new CloudWatch.DashboardArgs
        {
            DashboardName = dashboardName,
            DashboardBody = Output.All(widgets).Apply(all => Body(all)),
        }, new CustomResourceOptions { Parent = this });

        Url = Output.Format(
            $"https://{args.Region}.console.aws.amazon.com/cloudwatch/home?region={args.Region}#dashboards:name={dashboard.DashboardName}");
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url });
    }

    private static string Body(IEnumerable<string> widgets)
    {
        var array = new JsonArray([.. widgets.Select(w => JsonNode.Parse(w))]);
        return new JsonObject { ["widgets"] = array }.ToJsonString();
    }

    private static Output<string> Widget(Watch watch, int index, string region) =>
        Output.All(watch.Series.Select(s => ContainerEnvironment.Resolve(s.Dimensions))).Apply(series =>
        {
            var metrics = new JsonArray();
            foreach (var (definition, resolved) in watch.Series.Zip(series))
            {
                var row = new JsonArray(definition.Namespace, definition.MetricName);
                foreach (var (key, value) in resolved)
                {
                    row.Add(key);
                    row.Add(value);
                }

                row.Add(new JsonObject
                {
                    ["id"] = definition.Id,
                    ["stat"] = definition.Stat,
                    ["visible"] = watch.Expression is null,
                });
                metrics.Add(row);
            }

            if (watch.Expression is not null)
            {
                metrics.Add(new JsonArray(new JsonObject { ["expression"] = watch.Expression, ["label"] = watch.Description, ["id"] = "signal" }));
            }

            var widget = new JsonObject
            {
                ["type"] = "metric",
                ["x"] = index % Columns * WidgetWidth,
                ["y"] = index / Columns * WidgetHeight,
                ["width"] = WidgetWidth,
                ["height"] = WidgetHeight,
                ["properties"] = new JsonObject
                {
                    ["title"] = watch.Description,
                    ["region"] = region,
                    ["period"] = watch.PeriodSeconds,
                    ["view"] = "timeSeries",
                    ["metrics"] = metrics,
                    ["annotations"] = new JsonObject
                    {
                        ["horizontal"] = new JsonArray(new JsonObject { ["label"] = "alarm", ["value"] = watch.Threshold }),
                    },
                },
            };
            return widget.ToJsonString();
        });
}
