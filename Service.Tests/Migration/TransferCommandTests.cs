using Switchyard.Items;
using Switchyard.Migration;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Migration;

/// <summary>
/// <c>export</c> and <c>import</c> of the published service, run as a user runs them, between the
/// two real stores both ways: 10,000 items with non-ASCII text and fields of the maximum length go
/// through a file and come back equal; a bad line stops an import at that line.
/// </summary>
[TestFixture(StoreKinds.Postgres, StoreKinds.DynamoDb)]
[TestFixture(StoreKinds.DynamoDb, StoreKinds.Postgres)]
[NonParallelizable]
public sealed class TransferCommandTests(string sourceKind, string targetKind)
{
    private IsolatedStore _source = null!;
    private IsolatedStore _target = null!;
    private string _directory = null!;

    [SetUp]
    public async Task CreateStores()
    {
        _source = await StoreBackend.CreateAsync(sourceKind);
        _target = await StoreBackend.CreateAsync(targetKind);
        _directory = Directory.CreateTempSubdirectory("switchyard-transfer-").FullName;
    }

    [TearDown]
    public async Task DropStores()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task Export_then_import_of_10000_items_is_lossless()
    {
        var items = MigrationItems.Make(10_000);
        await MigrationItems.SeedAsync(_source, items);
        var file = Path.Combine(_directory, "items.jsonl");

        var export = await PublishedService.RunCommandAsync(_source.Environment, ["export", "--output", file]);
        var import = await PublishedService.RunCommandAsync(_target.Environment, ["import", "--input", file]);
        var again = await PublishedService.RunCommandAsync(_target.Environment, ["import"], input: await File.ReadAllTextAsync(file));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(export.ExitCode, Is.Zero, export.Errors);
            Assert.That(export.Errors, Does.Contain("exported 10000 items"));
            Assert.That(File.ReadLines(file).Count(), Is.EqualTo(10_000), "one line per item");
            Assert.That(import.ExitCode, Is.Zero, import.Errors);
            Assert.That(import.Errors, Does.Contain("imported 10000 items (10000 new, 0 there already)"));
            Assert.That(again.ExitCode, Is.Zero, again.Errors);
            Assert.That(again.Errors, Does.Contain("imported 10000 items (0 new, 10000 there already)"), "an import from standard input, twice, adds nothing");
            await MigrationItems.AssertHoldsExactlyAsync(_target, items);
        }
    }

    [Test]
    public async Task Export_to_standard_output_writes_only_the_items()
    {
        var items = MigrationItems.Make(3);
        await MigrationItems.SeedAsync(_source, items);

        var export = await PublishedService.RunCommandAsync(_source.Environment, ["export"]);

        var lines = export.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(export.ExitCode, Is.Zero, export.Errors);
            Assert.That(lines.Select(line => System.Text.Json.JsonSerializer.Deserialize(line, ItemJsonContext.Default.Item)), Is.EquivalentTo(items),
                "standard output holds the items and nothing else (logs and progress go to standard error)");
        }
    }

    [Test]
    public async Task A_malformed_line_stops_the_import_with_its_line_number_and_keeps_the_items_before_it()
    {
        var items = MigrationItems.Make(4);
        var lines = items.Select(item => System.Text.Json.JsonSerializer.Serialize(item, ItemJsonContext.Default.Item)).ToList();
        lines.Insert(3, lines[3][..40]);

        var import = await PublishedService.RunCommandAsync(_target.Environment, ["import"], input: string.Join('\n', lines) + "\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(import.ExitCode, Is.EqualTo(1), import.Errors);
            Assert.That(import.Errors, Does.Contain("import stopped at line 4: not an item as JSON"));
            await MigrationItems.AssertHoldsExactlyAsync(_target, items[..3]);
        }
    }

    [TestCase("a field the API rejects", """{"id":"0123456789abcdef0123456789abcdef","name":"","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "'name' must not be empty")]
    [TestCase("an unknown member", """{"id":"0123456789abcdef0123456789abcdef","name":"n","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","owner":"x"}""", "owner")]
    [TestCase("a missing version", """{"id":"0123456789abcdef0123456789abcdef","name":"n","createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "'version' must be 1 or more")]
    [TestCase("an id no item has", """{"id":"~switchyard/x","name":"n","version":1,"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z"}""", "'id' must be 32 lowercase hex digits")]
    public async Task An_invalid_item_stops_the_import_naming_its_line_and_fault(string what, string line, string message)
    {
        var import = await PublishedService.RunCommandAsync(_target.Environment, ["import"], input: line + "\n");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(import.ExitCode, Is.EqualTo(1), what);
            Assert.That(import.Errors, Does.Contain("line 1:").And.Contain(message), what);
            await MigrationItems.AssertHoldsExactlyAsync(_target, []);
        }
    }

    [TestCase(new[] { "export", "--output" }, "--output needs a file name")]
    [TestCase(new[] { "import", "--output", "x" }, "'import' takes only --input FILE")]
    [TestCase(new[] { "import", "--input", "/nonexistent/items.jsonl" }, "does not exist")]
    public async Task Bad_arguments_are_refused_with_the_usage(string[] arguments, string message)
    {
        var run = await PublishedService.RunCommandAsync(_target.Environment, arguments);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Errors, Does.Contain(message).And.Contain("usage: dotnet Switchyard.Service.dll export [--output FILE] | import [--input FILE]"));
        }
    }
}
