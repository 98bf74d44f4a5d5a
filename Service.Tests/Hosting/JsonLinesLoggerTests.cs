using System.Text.Json;
using Microsoft.Extensions.Logging;
using Switchyard.Hosting.Logging;

namespace Switchyard.Tests.Hosting;

public sealed class JsonLinesLoggerTests
{
    [Test]
    public void Every_line_logged_from_many_threads_is_written_once_as_one_json_object()
    {
        using var output = new MemoryStream();
        var provider = new JsonLinesLoggerProvider(output, TimeProvider.System);
        var logger = provider.CreateLogger("Test.Category");

        Parallel.For(0, 8, thread =>
        {
            for (var i = 0; i < 2_500; i++)
            {
                logger.LogInformation("Line {Thread}-{Index} with \"quotes\", a\nnewline and ünïcödé {Ratio}", thread, i, 0.5);
            }
        });
        provider.Dispose();

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(20_000), "one line per entry: a newline inside a message is escaped");
        var keys = lines.Select(line => JsonDocument.Parse(line).RootElement)
            .Select(entry => $"{entry.GetProperty("State").GetProperty("Thread").GetInt32()}-{entry.GetProperty("State").GetProperty("Index").GetInt32()}")
            .ToList();
        Assert.That(keys, Is.Unique);

        var first = JsonDocument.Parse(lines[0]).RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
            Assert.That(first.GetProperty("Category").GetString(), Is.EqualTo("Test.Category"));
            Assert.That(first.GetProperty("Message").GetString(), Does.Contain("\"quotes\", a\nnewline and ünïcödé 0.5"));
            Assert.That(first.GetProperty("State").GetProperty("Ratio").GetDouble(), Is.EqualTo(0.5));
            Assert.That(DateTimeOffset.Parse(first.GetProperty("Timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public void An_exception_is_written_with_its_entry()
    {
        using var output = new MemoryStream();
        var provider = new JsonLinesLoggerProvider(output, TimeProvider.System);

        provider.CreateLogger("Test").LogError(new InvalidOperationException("boom"), "Failed {What}", "thing");
        provider.Dispose();

        var entry = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray())).RootElement;
        Assert.That(entry.GetProperty("LogLevel").GetString(), Is.EqualTo("Error"));
        Assert.That(entry.GetProperty("Exception").GetString(), Does.StartWith("System.InvalidOperationException: boom"));
    }
}
