using System.Diagnostics;

namespace Switchyard.Hosting;

/// <summary>
/// One log line per request: method, path, status and duration — never headers, bodies or
/// query strings. It runs outside the exception handler, so it records the status the client got.
/// Its category, <c>Switchyard.Hosting.RequestLog</c>, can be raised to Warning to silence it.
/// </summary>
internal sealed partial class RequestLog(RequestDelegate next, ILogger<RequestLog> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                Served(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.Response.StatusCode,
                    Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 3));
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} answered {StatusCode} in {DurationMs} ms")]
    private static partial void Served(ILogger logger, string method, string path, int statusCode, double durationMs);
}
