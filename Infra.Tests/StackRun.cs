using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Pulumi.Testing;

namespace Switchyard.Infra.Tests;

/// <summary>One mocked run of the real program against a stack's configuration.</summary>
public sealed class StackRun
{
    public const string Password = "correct-horse-battery-staple";
    private static readonly string[] SecretKeys = ["switchyard:basicAuthPassword"];

    private StackRun(IReadOnlyList<RegisteredResource> resources, IDictionary<string, object?> outputs, IReadOnlyDictionary<string, string> config)
    {
        Resources = resources;
        Outputs = outputs;
        Config = config;
    }

    public IReadOnlyList<RegisteredResource> Resources { get; }
    public IDictionary<string, object?> Outputs { get; }
    public IReadOnlyDictionary<string, string> Config { get; }

    private static readonly Dictionary<(string Stack, string Architecture), StackRun> Runs = [];

    /// <summary>
    /// The program run once with the committed Pulumi.{stack}.yaml, the architecture overridden;
    /// every fixture that asks for the same pair reads the same run.
    /// </summary>
    public static async Task<StackRun> ForStackAsync(string stack, string architecture)
    {
        if (!Runs.TryGetValue((stack, architecture), out var run))
        {
            var config = RepositoryFiles.StackConfig(stack);
            config["switchyard:architecture"] = architecture;
            run = await RunAsync(stack, config);
            Runs[(stack, architecture)] = run;
        }

        return run;
    }

    /// <summary>
    /// Runs the program with exactly <paramref name="config"/>, plus the basic-auth password unless
    /// <paramref name="withPassword"/> is false (a stack that leaves it to the program).
    /// </summary>
    public static Task<StackRun> RunAsync(string stack, Dictionary<string, string> config, bool withPassword = true) =>
        RunProgramAsync(stack, config, SwitchyardStack.Define, withPassword);

    /// <summary>Runs any program (e.g. one component) under the mocks with <paramref name="config"/>.</summary>
    public static async Task<StackRun> RunProgramAsync(
        string stack, Dictionary<string, string> config, Func<IDictionary<string, object?>> program, bool withPassword = true)
    {
        var mocks = new Mocks();
        var outputs = await WithConfigAsync(config, withPassword, async () =>
            (await Deployment.TestAsync(mocks, Options(stack), program)).Outputs);
        return new StackRun(mocks.Registered, outputs, config);
    }

    /// <summary>The resource options the program gave each resource, seen by a stack transformation.</summary>
    public static async Task<IReadOnlyList<CapturedOptions>> OptionsOfAsync(string stack, Dictionary<string, string> config)
    {
        CapturingStack.Captured.Clear();
        await WithConfigAsync(config, withPassword: true, () => Deployment.TestAsync<CapturingStack>(new Mocks(), Options(stack)));
        return [.. CapturingStack.Captured];
    }

    private static TestOptions Options(string stack) => new() { IsPreview = false, ProjectName = "switchyard", StackName = stack };

    private static async Task<T> WithConfigAsync<T>(Dictionary<string, string> config, bool withPassword, Func<Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (withPassword)
        {
            config.TryAdd("switchyard:basicAuthPassword", Password);
        }

        Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", JsonSerializer.Serialize(SecretKeys));
        try
        {
            return await run();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
            Environment.SetEnvironmentVariable("PULUMI_CONFIG_SECRET_KEYS", null);
        }
    }

    public IEnumerable<RegisteredResource> OfType(string type) => Resources.Where(r => r.Type == type);

    public RegisteredResource Sole(string type) => OfType(type).Single();

    public RegisteredResource Named(string type, string name) => OfType(type).Single(r => r.Name == name);

    /// <summary>The resource of <paramref name="type"/> whose state (as the mock answers it) has this ARN.</summary>
    public RegisteredResource WithArn(string type, string? arn) => OfType(type).Single(r => r.State.Text("arn") == arn);

    /// <summary>The id the mock gives a resource: its logical name and "_id".</summary>
    public static string IdOf(RegisteredResource resource) => $"{resource?.Name}_id";

    /// <summary>The stack's value for <paramref name="key"/> (<c>switchyard:…</c>), or the program's default.</summary>
    public int ConfiguredInt(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var value = Config.TryGetValue(key, out var set) ? set : StackSettings.Defaults[key[(StackSettings.Namespace.Length + 1)..]];
        return int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>One resource's type, name and Pulumi options, as the program set them.</summary>
public sealed record CapturedOptions(string Type, string Name, bool? Protect, int AliasCount);

/// <summary>The program as a stack whose transformation records every resource's options.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A Pulumi stack, not a Stack<T> collection.")]
public sealed class CapturingStack : Stack
{
    public static System.Collections.Concurrent.ConcurrentQueue<CapturedOptions> Captured { get; } = new();

    public CapturingStack()
        : base(new StackOptions { ResourceTransformations = { Capture } }) => _ = SwitchyardStack.Define();

    private static ResourceTransformationResult? Capture(ResourceTransformationArgs args)
    {
        Captured.Enqueue(new CapturedOptions(args.Resource.GetResourceType(), args.Resource.GetResourceName(), args.Options.Protect, args.Options.Aliases.Count));
        return null;
    }
}

/// <summary>Typed reads of the loosely typed input and state dictionaries the mock engine records.</summary>
public static class Values
{
    public static object? Get(this IReadOnlyDictionary<string, object> values, string key) =>
        values.TryGetValue(key, out var value) ? value : null;

    public static string? Text(this IReadOnlyDictionary<string, object> values, string key) => values.Get(key) as string;

    public static bool? Flag(this IReadOnlyDictionary<string, object> values, string key) => values.Get(key) as bool?;

    public static int? Number(this IReadOnlyDictionary<string, object> values, string key) =>
        values.Get(key) is double number ? (int)number : values.Get(key) as int?;

    public static IReadOnlyDictionary<string, object> Map(this IReadOnlyDictionary<string, object> values, string key) =>
        values.Get(key) as IReadOnlyDictionary<string, object> ?? ImmutableDictionary<string, object>.Empty;

    public static IReadOnlyList<object> List(this IReadOnlyDictionary<string, object> values, string key) =>
        values.Get(key) is IEnumerable<object> items ? [.. items] : [];

    public static IReadOnlyList<string> Texts(this IReadOnlyDictionary<string, object> values, string key) =>
        [.. values.List(key).OfType<string>()];

    /// <summary>True when <paramref name="text"/> appears anywhere inside a (nested) input value.</summary>
    public static bool HoldsText(object? value, string text) => value switch
    {
        string s => s.Contains(text, StringComparison.Ordinal),
        IReadOnlyDictionary<string, object> map => map.Values.Any(v => HoldsText(v, text)),
        IEnumerable<object> list => list.Any(v => HoldsText(v, text)),
        _ => false,
    };

    /// <summary>Follows a path of nested objects, e.g. "sourceConfiguration", "imageRepository".</summary>
    public static IReadOnlyDictionary<string, object> Path(this IReadOnlyDictionary<string, object> values, params string[] keys) =>
        keys.Aggregate(values, (current, key) => current.Map(key));
}

/// <summary>Files of the repository the tests read: the stack settings, the project file.</summary>
public static class RepositoryFiles
{
    public static string Root()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Pulumi.yaml")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Pulumi.yaml not found above the test directory.");
    }

    public static string Read(string fileName) => File.ReadAllText(System.IO.Path.Combine(Root(), fileName));

    /// <summary>The flat "namespace:key: value" pairs under <c>config:</c> in Pulumi.{stack}.yaml.</summary>
    public static Dictionary<string, string> StackConfig(string stack)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Read($"Pulumi.{stack}.yaml").Split('\n'))
        {
            var trimmed = line.Trim();
            if (!line.StartsWith("  ", StringComparison.Ordinal) || trimmed.StartsWith('#'))
            {
                continue;
            }

            var separator = trimmed.IndexOf(": ", StringComparison.Ordinal);
            // Only "namespace:key: value" lines; nested blocks such as a secret's "secure:" are skipped.
            if (separator > 0 && trimmed[..separator].Contains(':', StringComparison.Ordinal))
            {
                config[trimmed[..separator]] = Unquote(trimmed[(separator + 2)..].Trim());
            }
        }

        return config;
    }

    /// <summary>The settings the program parses from <paramref name="config"/> (flat "namespace:key" pairs).</summary>
    public static StackSettings Settings(IReadOnlyDictionary<string, string> config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return StackSettings.Parse(key => config.TryGetValue($"{StackSettings.Namespace}:{key}", out var value) ? value : null, config["aws:region"]);
    }

    public static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && (value[0] == '"' || value[0] == '\'') ? value[1..^1] : value;
}
