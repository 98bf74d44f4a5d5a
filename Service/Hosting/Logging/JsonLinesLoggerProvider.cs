using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;

namespace Switchyard.Hosting.Logging;

/// <summary>
/// Logs as JSON lines on stdout, in the shape of the framework's JSON console formatter
/// (Timestamp, EventId, LogLevel, Category, Message, Exception, State). Each entry is
/// formatted on the thread that logs it; one background writer drains the queue and writes
/// what has gathered in a single call, at most every <see cref="BatchInterval"/>. The
/// framework's console logger wakes its writer and makes a write call per line, which at
/// one line per request cost a third of the service's throughput (see bench/README.md).
/// A full queue makes the logging thread wait, as the framework's logger does: no line is dropped.
/// </summary>
public sealed class JsonLinesLoggerProvider : ILoggerProvider
{
    public static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(20);
    private const int QueueCapacity = 10_000;

    private readonly Stream _output;
    private readonly TimeProvider _time;
    private readonly Channel<byte[]> _queue = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _writer;

    public JsonLinesLoggerProvider()
        : this(Console.OpenStandardOutput(), TimeProvider.System)
    {
    }

    public JsonLinesLoggerProvider(Stream output, TimeProvider time)
    {
        _output = output;
        _time = time;
        _writer = Task.Run(WriteAsync);

        // Lines still queued when the process ends (a failed start, an unhandled exception) are written first.
        AppDomain.CurrentDomain.ProcessExit += OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException += OnProcessEnd;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLinesLogger(categoryName, this);

    /// <summary>Writes what is queued and stops; called when the host shuts down.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessEnd;
        AppDomain.CurrentDomain.UnhandledException -= OnProcessEnd;
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private void OnProcessEnd(object? sender, EventArgs e) => Dispose();

    private void Enqueue(byte[] line)
    {
        if (!_queue.Writer.TryWrite(line))
        {
            // Full: wait for the writer, as the framework's console logger does, rather than lose the line.
            _queue.Writer.WriteAsync(line).AsTask().Wait();
        }
    }

    private async Task WriteAsync()
    {
        var batch = new ArrayBufferWriter<byte>(64 * 1024);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var line))
            {
                batch.Write(line);
            }

            try
            {
                await _output.WriteAsync(batch.WrittenMemory);
                await _output.FlushAsync();
            }
            catch (IOException)
            {
                // stdout is gone (the platform closed the pipe); nothing else can be done with a log line.
            }

            batch.ResetWrittenCount();
            if (!reader.Completion.IsCompleted)
            {
                await Task.Delay(BatchInterval, _time);
            }
        }
    }

    private sealed class JsonLinesLogger(string category, JsonLinesLoggerProvider provider) : ILogger
    {
        [ThreadStatic]
        private static ArrayBufferWriter<byte>? t_buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? t_writer;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            var json = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.Reset(buffer);

            json.WriteStartObject();
            json.WriteString("Timestamp", provider._time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteNumber("EventId", eventId.Id);
            json.WriteString("LogLevel", LevelName(logLevel));
            json.WriteString("Category", category);
            json.WriteString("Message", formatter(state, exception));
            if (exception is not null)
            {
                json.WriteString("Exception", exception.ToString());
            }

            if (state is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                json.WriteStartObject("State");
                foreach (var (key, value) in properties)
                {
                    WriteValue(json, key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
            provider.Enqueue(buffer.WrittenSpan.ToArray());
        }

        private static void WriteValue(Utf8JsonWriter json, string key, object? value)
        {
            switch (value)
            {
                case null:
                    json.WriteNull(key);
                    break;
                case bool flag:
                    json.WriteBoolean(key, flag);
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte:
                    json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    json.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                default:
                    json.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        private static string LevelName(LogLevel level) => level switch
        {
            LogLevel.Trace => "Trace",
            LogLevel.Debug => "Debug",
            LogLevel.Information => "Information",
            LogLevel.Warning => "Warning",
            LogLevel.Error => "Error",
            _ => "Critical",
        };
    }
}
