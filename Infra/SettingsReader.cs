using System.Collections.ObjectModel;
using System.Globalization;
using Pulumi;

namespace Switchyard.Infra;

/// <summary>Parses raw values, collecting every problem instead of stopping at the first.</summary>
internal sealed class SettingsReader(Func<string, string?> read)
{
    private readonly List<string> _problems = [];

    public void Problem(string message) => _problems.Add(message);

    public string Text(string key) => read(key) ?? StackSettings.Defaults.GetValueOrDefault(key, "");

    /// <summary>A comma-separated list (a YAML list set with <c>--path</c> arrives as JSON and is read the same).</summary>
    public IReadOnlyList<string> List(string key) =>
        [.. Text(key).Trim('[', ']').Split(',').Select(item => item.Trim().Trim('"')).Where(item => item.Length > 0)];

    /// <summary>Records a problem when <paramref name="key"/> is set; returns null.</summary>
    public Architecture? Absent(string key, string why)
    {
        if (read(key) is { } value)
        {
            Problem($"{StackSettings.Namespace}:{key} must not be set ('{value}'): {why}.");
        }

        return null;
    }

    public string OneOf(string key, ReadOnlyCollection<string> allowed, bool required = false)
    {
        var raw = read(key) ?? (required ? null : StackSettings.Defaults[key]);
        if (raw is not null && allowed.Contains(raw))
        {
            return raw;
        }

        var got = raw is null ? "it is not set" : $"got '{raw}'";
        Problem($"{StackSettings.Namespace}:{key} must be one of: {string.Join(", ", allowed)} ({got}).");
        return allowed[0];
    }

    public int Integer(string key, int min, int max)
    {
        var raw = Text(key);
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem($"{StackSettings.Namespace}:{key} must be an integer from {min} to {max}, got '{raw}'.");
        return min;
    }

    public int Member(string key, ReadOnlyCollection<int> allowed)
    {
        var raw = Text(key);
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && allowed.Contains(value))
        {
            return value;
        }

        Problem($"{StackSettings.Namespace}:{key} must be one of: {string.Join(", ", allowed)} (got '{raw}').");
        return allowed[0];
    }

    public bool Flag(string key)
    {
        var raw = Text(key);
        if (bool.TryParse(raw, out var value))
        {
            return value;
        }

        Problem($"{StackSettings.Namespace}:{key} must be true or false, got '{raw}'.");
        return false;
    }

    public void ThrowIfAnyProblem()
    {
        if (_problems.Count > 0)
        {
            throw new RunException("Invalid stack configuration:" + Environment.NewLine
                + string.Join(Environment.NewLine, _problems.Select(p => "  - " + p)));
        }
    }
}
