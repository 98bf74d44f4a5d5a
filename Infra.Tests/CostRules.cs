using System.Collections.Immutable;
using System.Globalization;
using Pulumi;
using Switchyard.Infra.Operations;

namespace Switchyard.Infra.Tests;

/// <summary>The stack's own monthly estimate, pinned for every architecture on both stacks.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.All))]
[NonParallelizable]
public sealed class CostRules(string architecture, string stack)
{
    /// <summary>Seed 000's scaling-path figure at each stack's audience (the top of its range), and the share the goal keeps.</summary>
    public const double SeedDevUsd = 50;
    public const double SeedProdUsd = 400;
    public const double GoalShare = 0.7;

    /// <summary>USD per month, as the program computes them; a price or sizing change moves these on purpose.</summary>
    public static readonly Dictionary<(string Stack, string Architecture), double> Pinned = new()
    {
        [("dev", "apprunner-rds")] = 25.18,
        [("dev", "apprunner-dynamodb")] = 9.39,
        [("dev", "fargate-rds")] = 60.50,
        [("dev", "fargate-dynamodb")] = 44.71,
        [("dev", "express-rds")] = 88.68,
        [("dev", "express-dynamodb")] = 72.89,
        [("prod", "apprunner-rds")] = 163.40,
        [("prod", "apprunner-dynamodb")] = 56.99,
        [("prod", "fargate-rds")] = 205.49,
        [("prod", "fargate-dynamodb")] = 99.08,
        [("prod", "express-rds")] = 261.54,
        [("prod", "express-dynamodb")] = 155.13,
    };

    private StackRun _run = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    public static async Task<double> TotalAsync(StackRun run) =>
        await TestingExtensions.GetValueAsync((Output<double>)run.Outputs["estimatedMonthlyUsd"]!);

    public static async Task<ImmutableDictionary<string, double>> BreakdownAsync(StackRun run) =>
        await TestingExtensions.GetValueAsync((Output<ImmutableDictionary<string, double>>)run.Outputs["costBreakdown"]!);

    [Test]
    public async Task EstimateIsPinned() =>
        Assert.That(await TotalAsync(_run), Is.EqualTo(Pinned[(stack, architecture)]).Within(0.005));

    [Test]
    public async Task BreakdownAddsUpToTheEstimate() =>
        Assert.That((await BreakdownAsync(_run)).Values.Sum(), Is.EqualTo(await TotalAsync(_run)).Within(0.05));

    [Test]
    public async Task EstimatePaysForEveryAlarmTheStackCreates()
    {
        var alarms = _run.OfType("aws:cloudwatch/metricAlarm:MetricAlarm").Count();
        Assert.That((await BreakdownAsync(_run)).Keys, Has.Member($"operations: {alarms} CloudWatch alarms"));
    }

    [Test]
    public async Task EveryStackWithoutALoadBalancerIsAtLeast30PercentUnderSeed000()
    {
        var total = await TotalAsync(_run);
        if (stack == "prod")
        {
            Assert.That(total, Is.LessThanOrEqualTo(SeedProdUsd * GoalShare));
            return;
        }

        // On dev an ALB and its addresses alone cost $29: only App Runner gets under $35 (README explains).
        Assert.That(total <= SeedDevUsd * GoalShare, Is.EqualTo(architecture.StartsWith("apprunner-", StringComparison.Ordinal)), $"{total}");
    }
}

/// <summary>The README's cost table is what the program outputs, not a copy that drifts.</summary>
[NonParallelizable]
public sealed class CostTableRules
{
    [Test]
    public async Task ReadmeCostTableIsTheProgramsEstimate()
    {
        var expected = await TableAsync();
        Assert.That(RepositoryFiles.Read("README.md").Replace("\r\n", "\n", StringComparison.Ordinal), Does.Contain(expected),
            "README's cost table differs from the program's estimate; it should read:\n" + expected);
    }

    [Test]
    public void AnUnknownRegionOrClassHasNoPriceAndSaysWhatToAdd()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => Prices.For("mars-north-1"), Throws.InstanceOf<MissingPriceException>()
                .With.Message.Contains("mars-north-1").And.Message.Contains("Infra/Operations/Prices.cs"));
            Assert.That(() => Prices.EuWest1.RdsInstanceHour("db.x9.huge"), Throws.InstanceOf<MissingPriceException>()
                .With.Message.Contains("db.x9.huge"));
        }
    }

    [Test]
    public async Task AStackWithoutAPriceDeploysWithoutAnEstimate()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:dbInstanceClass"] = "db.r7g.large";
        var run = await StackRun.RunAsync("dev", config);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Outputs.Keys, Has.No.Member("estimatedMonthlyUsd"));
            Assert.That(run.OfType("aws:rds/instance:Instance"), Is.Not.Empty);
        }
    }

    /// <summary>One row per stack and architecture: the three largest line items and the total.</summary>
    public static async Task<string> TableAsync()
    {
        var lines = new List<string> { "| stack | architecture | largest items (USD) | USD / month |", "|---|---|---|---|" };
        foreach (var stack in Architectures.Stacks)
        {
            foreach (var architecture in Architecture.All.Select(a => a.Name))
            {
                var run = await StackRun.ForStackAsync(stack, architecture);
                var breakdown = await CostRules.BreakdownAsync(run);
                var total = await CostRules.TotalAsync(run);
                var largest = string.Join(", ", breakdown.OrderByDescending(i => i.Value).Take(3)
                    .Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Key[(i.Key.IndexOf(": ", StringComparison.Ordinal) + 2)..]} {i.Value:0}")));
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {stack} | `{architecture}` | {largest} | **{total:0.00}** |"));
            }
        }

        return string.Join("\n", lines);
    }
}
