using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Storage;

namespace Switchyard.Hosting;

/// <summary>
/// /healthz is liveness: it never touches the store, so an outage never makes a platform
/// kill healthy containers. /readyz asks the store, bounded by the store's own timeouts.
/// </summary>
public static class HealthApi
{
    public const string ReadinessPath = "/readyz";

    /// <summary>An id no item has: a point read proves the store answers, using only the permissions the API needs.</summary>
    private const string ProbeId = "00000000000000000000000000000000";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ServiceEnvironment.LivenessPath, () => TypedResults.Text("ok")).ExcludeFromDescription();
        routes.MapGet(ReadinessPath, ReadyAsync).ExcludeFromDescription();
        return routes;
    }

    public static bool IsHealthPath(PathString path) =>
        path.Equals(ServiceEnvironment.LivenessPath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadinessPath, StringComparison.OrdinalIgnoreCase);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ReadyAsync(IItemStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.GetAsync(ProbeId, cancellationToken);
            return TypedResults.Text("ready");
        }
        catch (StoreUnavailableException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Store unavailable");
        }
    }
}
