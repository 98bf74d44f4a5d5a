using System.Collections.Immutable;
using Pulumi;

namespace Switchyard.Infra.Operations;

/// <summary>The estimate as the stack reports it: two outputs, and the breakdown in the preview's log.</summary>
public sealed record StackCost(Output<double> TotalUsd, Output<ImmutableDictionary<string, double>> Breakdown)
{
    /// <summary>
    /// Logs and returns the estimate; where the price table lacks the region or the database class,
    /// a warning says what to add and the stack deploys without an estimate.
    /// </summary>
    public static StackCost? Report(StackSettings settings, int alarmCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<LineItem> items;
        try
        {
            items = ArchitectureCost.For(settings, alarmCount);
        }
        catch (MissingPriceException missing)
        {
            Log.Warn($"No monthly cost estimate: {missing.Message}");
            return null;
        }

        Log.Info(MonthlyCost.Describe(items, Prices.For(settings.Region)));
        var breakdown = items
            .GroupBy(i => $"{i.Component}: {i.Item}", StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => Math.Round(g.Sum(i => i.Usd), 2), StringComparer.Ordinal);
        return new StackCost(Output.Create(MonthlyCost.Total(items)), Output.Create(breakdown));
    }
}
