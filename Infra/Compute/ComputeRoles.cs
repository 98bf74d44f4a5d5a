using Pulumi;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;
using Iam = Pulumi.Aws.Iam;

namespace Switchyard.Infra.Compute;

/// <summary>
/// The IAM every compute builds the same way: the runtime role the service's code runs as,
/// scoped to its store by the binding, and the role that may read exactly the secrets the
/// platform injects.
/// </summary>
public static class ComputeRoles
{
    public const string EcsTasks = "ecs-tasks.amazonaws.com";
    public const string EcsTaskExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    /// <summary>A role <paramref name="principal"/> assumes for the service, allowed exactly the store's grants.</summary>
    public static Iam.Role Runtime(string name, string principal, StoreBinding store, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(store);
        var role = ServiceRoles.Create(name, principal, parent);
        _ = ServiceRoles.AddInline($"{name}-store", role, IamPolicy.Allow(store.Grants), parent);
        return role;
    }

    /// <summary>Lets <paramref name="role"/> read exactly the container's secrets, so the platform can inject them.</summary>
    public static Iam.RolePolicy ReadSecrets(string name, Iam.Role role, ContainerEnvironment environment, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return ServiceRoles.AddInline(name, role, IamPolicy.Allow(IamPolicy.ReadSecret, environment.SecretArnList), parent);
    }

    /// <summary>
    /// The ECS task execution role: pulls the image, writes the logs (AWS's managed policy) and
    /// resolves the container's <c>secrets</c>.
    /// </summary>
    public static (Iam.Role Role, Resource[] Policies) EcsExecution(string name, ContainerEnvironment environment, Resource parent)
    {
        var role = ServiceRoles.Create(name, EcsTasks, parent);
        var managed = ServiceRoles.AttachManaged($"{name}-managed", role, EcsTaskExecutionPolicy, parent);
        var secrets = ReadSecrets($"{name}-secrets", role, environment, parent);
        return (role, [managed, secrets]);
    }
}
