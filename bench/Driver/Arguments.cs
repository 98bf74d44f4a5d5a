using System.Globalization;

namespace Switchyard.Bench;

/// <summary><c>command --name value ...</c>, nothing more.</summary>
internal sealed class Arguments(Dictionary<string, string> values)
{
    public static (string Command, Arguments Options) Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"expected '--name value' at '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return (args.Length > 0 ? args[0] : "", new Arguments(values));
    }

    public static int Usage(string message)
    {
        Console.Error.WriteLine($"driver: {message} (see bench/Driver/Program.cs for the commands)");
        return 2;
    }

    public string Text(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public int Number(string name) => int.Parse(Text(name), CultureInfo.InvariantCulture);
}
