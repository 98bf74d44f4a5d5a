using Microsoft.AspNetCore.Diagnostics;
using Switchyard.Migration;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>Turns what escapes a handler into ProblemDetails: an outage or a write during a store switch is 503, a bad request keeps its status, the rest is a bare 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            StoreUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "Store unavailable", e.Message + " Retry shortly."),
            StoreSwitchInProgressException e => (StatusCodes.Status503ServiceUnavailable, "Store switch in progress", e.Message),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Bad request", e.Message),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error", "The service failed to answer; the error is logged."),
        };

        if (exception is StoreSwitchInProgressException inProgress)
        {
            context.Response.Headers.RetryAfter = inProgress.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Store unavailable for {Method} {Path}: {Reason}", context.Request.Method, context.Request.Path, exception.InnerException?.Message);
            context.Response.Headers.RetryAfter = "1";
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            // Since .NET 10 the middleware no longer logs what a handler reports as handled: without this a 500 leaves no trace.
            logger.LogError(exception, "Unexpected error for {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
