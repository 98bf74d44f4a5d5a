using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Switchyard.Storage;

namespace Switchyard.Migration;

public static class StoreSwitchRegistration
{
    /// <summary>The key of the store a switch copies from.</summary>
    public const string Source = "store-switch-source";

    /// <summary>
    /// With a source store configured (<see cref="ServiceEnvironment.MigrationSourceKind"/>), the service
    /// copies it into its own store in the background and, until the copy is complete, reads from the
    /// source and refuses writes. Without one this adds nothing. Call after <see cref="StoreRegistration.AddItemStore"/>.
    /// </summary>
    public static IServiceCollection AddStoreSwitch(this IServiceCollection services, IConfiguration configuration)
    {
        var source = configuration.GetSection(StoreSwitchOptions.SourceSection);
        if (string.IsNullOrWhiteSpace(source["Kind"]))
        {
            return services;
        }

        services.AddOptions<StoreSwitchOptions>().BindConfiguration(StoreSwitchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Opened when the copier is created at start-up, so a bad source setting stops start-up with its message.
        services.AddKeyedSingleton(Source, (provider, _) => StoreRegistration.Open(
            source["Kind"]!, source, ServiceEnvironment.MigrationSource, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => new StoreSwitchState(provider.GetRequiredKeyedService<OpenedStore>(Source).Description));
        services.Replace(ServiceDescriptor.Singleton<IItemStore, SwitchingItemStore>());
        services.AddHostedService<StoreSwitchCopier>();
        return services;
    }
}
