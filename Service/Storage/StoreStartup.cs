namespace Switchyard.Storage;

/// <summary>
/// The store's start-up work (PostgreSQL migrations, the DynamoDB table check), run beside the web
/// server's start instead of before it: it begins as the host starts, on its own thread, while
/// Kestrel builds its pipeline and starts listening. Nothing reaches the store before it is done:
/// requests wait for it (<see cref="StoreStartupGate.UseStoreStartupGate"/>) and so does the store switch's copier.
/// The host's start still fails with its error, so a store that cannot be reached or migrated stops
/// the process with its message, as when the work ran first.
/// </summary>
public abstract class StoreStartup : IHostedLifecycleService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the store is ready for requests; faults with the start-up's error.</summary>
    public Task Completion => _done.Task;

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(cancellationToken);
                _done.TrySetResult();
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The host's start waits here, after the server has started, and fails if the work did.</summary>
    public Task StartedAsync(CancellationToken cancellationToken) => Completion.WaitAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StoreStartupGate
{
    /// <summary>Registers <typeparamref name="T"/> as the store's start-up: one instance, as a hosted service and as <see cref="StoreStartup"/>.</summary>
    public static IServiceCollection AddStoreStartup<T>(this IServiceCollection services) where T : StoreStartup
    {
        services.AddSingleton<T>();
        services.AddSingleton<StoreStartup>(provider => provider.GetRequiredService<T>());
        return services.AddHostedService(provider => provider.GetRequiredService<T>());
    }

    /// <summary>
    /// Requests that arrive while the start-up work runs wait for it, after the middleware before
    /// this one has run; liveness does not wait. Once the work is done a request pays one check.
    /// </summary>
    public static IApplicationBuilder UseStoreStartupGate(this IApplicationBuilder app)
    {
        var startup = app.ApplicationServices.GetService<StoreStartup>();
        if (startup is null)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (!startup.Completion.IsCompletedSuccessfully && !context.Request.Path.Equals(ServiceEnvironment.LivenessPath, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await startup.Completion.WaitAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new StoreUnavailableException("The store's start-up failed; the service is stopping.", e);
                }
            }

            await next(context);
        });
    }
}
