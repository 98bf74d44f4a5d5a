using System.Globalization;
using Pulumi;
using Switchyard.Infra.Operations;

namespace Switchyard.Infra.Tests;

/// <summary>The monthly estimate, pinned per architecture and stack, and the README's table built from it.</summary>
public sealed class CostRules
{
    public static readonly string[] Architectures =
        ["apprunner-rds", "apprunner-dynamodb", "fargate-rds", "fargate-dynamodb", "express-rds", "express-dynamodb"];

    public static StackSettings Settings(string stack) => Settings(RepositoryFiles.StackConfig(stack));

    public static StackSettings Settings(IReadOnlyDictionary<string, string> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return StackSettings.Parse(key => config.TryGetValue($"switchyard:{key}", out var value) ? value : null, config["aws:region"]);
    }

    /// <summary>How many alarms the architecture's compute and store raise (the same lists the stack builds).</summary>
    public static int AlarmCount(string architecture, StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(settings);
        var any = Output.Create("x");
        var t = settings.Alarms;
        var compute = architecture.Split('-')[0] switch
        {
            "apprunner" => Signals.AppRunner(any, any, t).Count,
            "fargate" => Signals.LoadBalancer(any, any, t).Count + Signals.EcsService(any, any, t).Count,
            _ => Signals.EcsService(any, any, t).Count,
        };
        var store = architecture.EndsWith("-rds", StringComparison.Ordinal)
            ? Signals.Postgres(any, 100, t).Count
            : Signals.DynamoDb(any, ["GetItem"]).Count;
        return compute + store;
    }

    [Test]
    public void Print()
    {
        foreach (var stack in new[] { "dev", "prod" })
        {
            var settings = Settings(stack);
            foreach (var architecture in Architectures)
            {
                var items = ArchitectureCost.For(settings, architecture, AlarmCount(architecture, settings));
                TestContext.Out.WriteLine($"{stack} {architecture} {MonthlyCost.Total(items).ToString(CultureInfo.InvariantCulture)}");
                TestContext.Out.WriteLine(MonthlyCost.Describe(items, Prices.EuWest1));
            }
        }
    }
}
