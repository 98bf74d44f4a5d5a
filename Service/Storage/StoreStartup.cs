namespace Switchyard.Storage;

/// <summary>The store's own start-up work: PostgreSQL's migrations; on DynamoDB the table check (local runs) and one readiness read.</summary>
public interface IStoreStartupWork
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs the store's start-up work (<see cref="IStoreStartupWork"/>) beside the web server's start
/// instead of before it: it begins as soon as the request pipeline is set up
/// (<see cref="StoreStartupGate.UseStoreStartupGate"/>), or at the latest as the host starts, on
/// its own thread, while the endpoints are mapped and Kestrel builds its pipeline and starts
/// listening. The work, and with it the store's client, is created on that thread too: the AWS
/// SDK's client alone takes about 70 ms to create. Nothing reaches the store before the work is
/// done: requests wait for it (<see cref="StoreStartupGate.UseStoreStartupGate"/>) and so does the
/// store switch's copier. The host's start still fails with its error, so a store that cannot be
/// reached or migrated stops the process with its message, as when the work ran first.
/// </summary>
public sealed class StoreStartup(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _begun;

    /// <summary>Completes when the store is ready for requests; faults with the start-up's error.</summary>
    public Task Completion => _done.Task;

    /// <summary>Starts the work on the thread pool, once; later calls do nothing. Stopping the host cancels it.</summary>
    public void Begin()
    {
        if (Interlocked.Exchange(ref _begun, 1) == 1)
        {
            return;
        }

        var stopping = lifetime.ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                await services.GetRequiredService<IStoreStartupWork>().RunAsync(stopping);
                _done.TrySetResult();
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
            }
        }, CancellationToken.None);
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Begin();
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
    /// <summary>Registers <typeparamref name="T"/> as the store's start-up work, run by one <see cref="StoreStartup"/>, a hosted service.</summary>
    public static IServiceCollection AddStoreStartup<T>(this IServiceCollection services) where T : class, IStoreStartupWork
    {
        services.AddSingleton<IStoreStartupWork, T>();
        services.AddSingleton<StoreStartup>();
        return services.AddHostedService(provider => provider.GetRequiredService<StoreStartup>());
    }

    /// <summary>
    /// Starts the store's start-up work now (<see cref="StoreStartup.Begin"/>), so that it runs beside
    /// the rest of the start. Requests that arrive while it runs wait for it, after the middleware
    /// before this one has run; liveness does not wait. Once the work is done a request pays one check.
    /// </summary>
    public static IApplicationBuilder UseStoreStartupGate(this IApplicationBuilder app)
    {
        var startup = app.ApplicationServices.GetService<StoreStartup>();
        if (startup is null)
        {
            return app;
        }

        startup.Begin();

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
