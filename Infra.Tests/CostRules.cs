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

    /// <summary>USD per month, as the program computes them; a price or sizing change moves these on purpose.</summary>
    private static readonly Dictionary<(string Stack, string Architecture), double> Pinned = new()
    {
        [("dev", "apprunner-rds")] = 25.18,
        [("dev", "apprunner-dynamodb")] = 9.39,
        [("dev", "fargate-rds")] = 60.50,
        [("dev", "fargate-dynamodb")] = 44.71,
        [("dev", "express-rds")] = 60.20,
        [("dev", "express-dynamodb")] = 44.41,
        [("prod", "apprunner-rds")] = 196.98,
        [("prod", "apprunner-dynamodb")] = 90.57,
        [("prod", "fargate-rds")] = 245.18,
        [("prod", "fargate-dynamodb")] = 138.77,
        [("prod", "express-rds")] = 244.19,
        [("prod", "express-dynamodb")] = 137.78,
    };

    /// <summary>Seed 000's scaling-path figure at each stack's audience, and the share the goal takes off it.</summary>
    public const double SeedDevUsd = 50;
    public const double SeedProdUsd = 400;
    public const double GoalShare = 0.7;

    private static IEnumerable<TestCaseData> EveryStack() =>
        from stack in new[] { "dev", "prod" }
        from architecture in Architectures
        select new TestCaseData(stack, architecture).SetArgDisplayNames(stack, architecture);

    private static double Estimate(string stack, string architecture)
    {
        var settings = Settings(stack);
        return MonthlyCost.Total(ArchitectureCost.For(settings, architecture, AlarmCount(architecture, settings)));
    }

    [TestCaseSource(nameof(EveryStack))]
    public void EstimateIsPinned(string stack, string architecture) =>
        Assert.That(Estimate(stack, architecture), Is.EqualTo(Pinned[(stack, architecture)]).Within(0.005));

    [TestCaseSource(nameof(EveryStack))]
    public void EveryLineItemIsPricedAndNamed(string stack, string architecture)
    {
        var settings = Settings(stack);
        var items = ArchitectureCost.For(settings, architecture, AlarmCount(architecture, settings));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(items.Select(i => i.Usd), Is.All.GreaterThanOrEqualTo(0));
            Assert.That(items.Select(i => i.Item), Is.All.Not.Empty);
            Assert.That(items.Select(i => i.Component), Is.All.AnyOf("compute", "store", "network", "operations"));
        }
    }

    [TestCaseSource(nameof(EveryStack))]
    public void EveryProdStackIsAtLeast30PercentUnderSeed000(string stack, string architecture)
    {
        if (stack != "prod")
        {
            // Dev's goal is met only without an ALB: the README explains why; its figure is pinned above.
            Assert.That(Estimate(stack, architecture) <= SeedDevUsd * GoalShare, Is.EqualTo(architecture.StartsWith("apprunner-", StringComparison.Ordinal)));
            return;
        }

        Assert.That(Estimate(stack, architecture), Is.LessThanOrEqualTo(SeedProdUsd * GoalShare));
    }

    [Test]
    public void ReadmeCostTableIsTheProgramsEstimate()
    {
        var expected = ReadmeTable();
        Assert.That(RepositoryFiles.Read("README.md").Replace("\r\n", "\n", StringComparison.Ordinal), Does.Contain(expected),
            "README's cost table differs from the program's estimate; it should read:\n" + expected);
    }

    [Test]
    public void UnknownRegionFailsTheEstimateByName() =>
        Assert.That(() => Prices.For("mars-north-1"), Throws.ArgumentException.With.Message.Contains("mars-north-1").And.Message.Contains("eu-west-1"));

    /// <summary>The README's per-stack table, one row per architecture, largest line items named.</summary>
    public static string ReadmeTable()
    {
        var lines = new List<string> { "| stack | architecture | largest items | USD / month |", "|---|---|---|---|" };
        foreach (var stack in new[] { "dev", "prod" })
        {
            var settings = Settings(stack);
            foreach (var architecture in Architectures)
            {
                var items = ArchitectureCost.For(settings, architecture, AlarmCount(architecture, settings));
                var largest = string.Join(", ", items.OrderByDescending(i => i.Usd).Take(3)
                    .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Item} ({i.Usd:0})")));
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {stack} | `{architecture}` | {largest} | **{MonthlyCost.Total(items):0.00}** |"));
            }
        }

        return string.Join("\n", lines);
    }
}
