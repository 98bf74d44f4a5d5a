using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Migration;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>
/// /healthz is liveness: it never touches the store, so an outage never makes a platform
/// kill healthy containers. /readyz asks the store, bounded by the store's own timeouts. During a
/// store switch it asks the store reads come from (the source, until the copy is complete) and
/// answers 200 with the copy's progress: the instance serves reads, so no platform should stop it.
/// </summary>
public static class HealthApi
{
    public const string ReadinessPath = "/readyz";

    /// <summary>An id no item has: a point read proves the store answers, using only the permissions the API needs.</summary>
    public const string ProbeId = "00000000000000000000000000000000";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ServiceEnvironment.LivenessPath, () => TypedResults.Text("ok")).ExcludeFromDescription();
        routes.MapGet(ReadinessPath, ReadyAsync).ExcludeFromDescription();
        return routes;
    }

    public static bool IsHealthPath(PathString path) =>
        path.Equals(ServiceEnvironment.LivenessPath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadinessPath, StringComparison.OrdinalIgnoreCase);

    private static async Task<Results<ContentHttpResult, JsonHttpResult<StoreSwitchStatus>, ProblemHttpResult>> ReadyAsync(
        IItemStore store, HttpContext context, CancellationToken cancellationToken)
    {
        var storeSwitch = context.RequestServices.GetService<StoreSwitchState>();
        try
        {
            await store.GetAsync(ProbeId, cancellationToken);
            return storeSwitch is { IsComplete: false }
                ? TypedResults.Json(storeSwitch.Status, StoreSwitchJsonContext.Default.StoreSwitchStatus)
                : TypedResults.Text("ready");
        }
        catch (StoreUnavailableException e)
        {
            var extensions = storeSwitch is { Status: var status }
                ? new Dictionary<string, object?> { ["storeSwitch"] = status.State, ["copied"] = status.Copied }
                : null;
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable", extensions: extensions);
        }
    }
}
